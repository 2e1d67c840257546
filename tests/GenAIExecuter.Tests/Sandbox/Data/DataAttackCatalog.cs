namespace GenAIExecuter.Tests.Sandbox.Data;

/// <summary>Attacks that go through the data stack (numpy, pandas, matplotlib, scipy, scikit-learn, sympy, joblib) or
/// route a forbidden call through a library callback. Each does real harm in PERMISSIVE mode; in SAFE mode it must do
/// none, with every layer on and with the kernel layers alone. Placeholders as in <see cref="Attack"/>.</summary>
internal static class DataAttackCatalog
{
    // A pickle that runs os.system when loaded, built in memory (protocol 0 opcodes).
    private const string Pickle = "payload = b\"cposix\\nsystem\\n(S'touch {OUTSIDE}'\\ntR.\"\n";

    public static readonly IReadOnlyList<Attack> All =
    [
        // Native code
        new("numpy-ctypeslib-libc-system", "native", "import numpy as np\nnp.ctypeslib.ctypes.CDLL(None).system(b'touch {OUTSIDE}')"),
        new("numpy-ctypeslib-load-library", "native", "import numpy as np\nlibc = np.ctypeslib.load_library('libc.so.6', '/lib/x86_64-linux-gnu')\nlibc.system(b'touch {OUTSIDE}')"),
        new("numpy-core-internal-ctypes", "native", "import numpy.core._internal as internal\ng = getattr\nc = g(internal, 'ctypes')\nc.CDLL(None).system(b'touch {OUTSIDE}')"),

        // Pickles fed to library readers
        new("pandas-read-pickle-bytes", "pickle", "import io\nimport pandas as pd\n" + Pickle + "pd.read_pickle(io.BytesIO(payload))"),
        new("numpy-load-allow-pickle", "pickle", "import io\nimport numpy as np\n" + Pickle + "np.load(io.BytesIO(payload), allow_pickle=True)"),
        new("joblib-load-bytes", "pickle", "import io\nimport joblib\n" + Pickle + "joblib.load(io.BytesIO(payload))"),
        new("pandas-read-pickle-compressed", "pickle", "import io, gzip\nimport pandas as pd\n" + Pickle + "pd.read_pickle(io.BytesIO(gzip.compress(payload)), compression='gzip')"),

        // Strings that libraries evaluate
        new("sympy-sympify-string", "eval", "import sympy\nsympy.sympify(\"__imp\" + \"ort__('os').system('touch {OUTSIDE}')\")"),
        new("sympy-parse-expr", "eval", "from sympy.parsing.sympy_parser import parse_expr\nparse_expr(\"__imp\" + \"ort__('os').system('touch {OUTSIDE}')\")"),
        new("typing-get-type-hints", "eval", "import typing\ndef f(x: \"__imp\" \"ort__('os').system('touch {OUTSIDE}')\"):\n    pass\ntyping.get_type_hints(f)"),
        new("pandas-query-local-call", "eval", "import os\nimport pandas as pd\nrun = getattr(os, 'sys' + 'tem')\ndf = pd.DataFrame({'a': [1]})\ndf.query('a == @run(\"touch {OUTSIDE}\")', engine='python')"),
        new("sub-interpreter", "eval", "import _xxsubinterpreters as subs\ni = subs.create()\nsubs.run_string(i, \"import os; os.system('touch {OUTSIDE}')\")"),

        // Network through library readers
        new("pandas-read-csv-url", "network", "import pandas as pd\npd.read_csv('http://127.0.0.1:{PORT}/data.csv')"),
        new("pandas-read-json-url", "network", "import pandas as pd\npd.read_json('http://127.0.0.1:{PORT}/data.json')"),
        new("matplotlib-imread-url", "network", "from urllib.request import urlopen\nimport matplotlib.pyplot as plt\nplt.imread(urlopen('http://127.0.0.1:{PORT}/x.png'))"),
        new("numpy-datasource-url", "network", "import numpy as np\nnp.lib.npyio.DataSource(None).open('http://127.0.0.1:{PORT}/x.txt')"),

        // Processes through library helpers
        new("numpy-distutils-exec-command", "processes", "from numpy.distutils.exec_command import exec_command\nexec_command('touch {OUTSIDE}')"),
        new("pandas-apply-os-system", "callbacks", "import os\nimport pandas as pd\npd.Series(['touch {OUTSIDE}']).apply(getattr(os, 'sys' + 'tem'))"),

        // Writes and overwrites aimed outside the run's own area
        new("pandas-to-csv-outside", "writes", "import pandas as pd\npd.DataFrame({'a': [1]}).to_csv('{OUTSIDE}')"),
        new("pandas-to-pickle-outside", "writes", "import pandas as pd\npd.DataFrame({'a': [1]}).to_pickle('{OUTSIDE}')"),
        new("pandas-to-excel-outside", "writes", "import pandas as pd\npd.DataFrame({'a': [1]}).to_excel('{OUTSIDE}.xlsx')"),
        new("pandas-overwrite-input", "writes", "import pandas as pd\npd.DataFrame({'x': [0]}).to_csv('{CANARY}', index=False)"),
        new("numpy-save-outside", "writes", "import numpy as np\nnp.save('{OUTSIDE}.npy', np.arange(3))"),
        new("numpy-savetxt-outside", "writes", "import numpy as np\nnp.savetxt('{OUTSIDE}', np.arange(3))"),
        new("numpy-memmap-overwrite-input", "writes", "import numpy as np\nm = np.memmap('{CANARY}', dtype=np.uint8, mode='r+')\nm[:5] = 65\nm.flush()"),
        new("matplotlib-savefig-outside", "writes", "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.savefig('{OUTSIDE}.png')"),
        new("scipy-savemat-outside", "writes", "import numpy as np\nfrom scipy.io import savemat\nsavemat('{OUTSIDE}.mat', {'a': np.arange(3)})"),

        // Secrets through library readers
        new("pandas-read-home-secret", "secrets", "import pandas as pd\nprint(pd.read_csv('{HOME_SECRET}', header=None).to_string())"),
        new("numpy-loadtxt-environ", "secrets", "import numpy as np\nprint(np.loadtxt('/proc/{VICTIM_PID}/environ', dtype=str, delimiter='\\x00', comments=None).tolist())"),
        new("numpy-loadtxt-home-secret", "secrets", "import numpy as np\nprint(np.loadtxt('{HOME_SECRET}', dtype=str))"),

        // A forbidden call routed through a callback: the caller is a library, a finalizer or another thread
        new("map-os-system", "callbacks", "import os\nlist(map(getattr(os, 'sys' + 'tem'), ['touch {OUTSIDE}']))"),
        new("sorted-key-os-system", "callbacks", "import os\nsorted(['touch {OUTSIDE}'], key=getattr(os, 'sys' + 'tem'))"),
        new("functools-partial-os-system", "callbacks", "import functools, os\nfunctools.partial(getattr(os, 'sys' + 'tem'), 'touch {OUTSIDE}')()"),
        new("weakref-finalize-os-system", "callbacks", "import os, weakref\nclass T:\n    pass\nt = T()\nweakref.finalize(t, getattr(os, 'sys' + 'tem'), 'touch {OUTSIDE}')\ndel t"),
        // The runner ends a worker with os._exit, so atexit handlers never run, in any mode: nothing to prove.
        new("atexit-os-system", "callbacks", "import atexit, os\natexit.register(getattr(os, 'sys' + 'tem'), 'touch {OUTSIDE}')", Provable: false),
        new("thread-target-os-system", "callbacks", "import os, threading\nt = threading.Thread(target=getattr(os, 'sys' + 'tem'), args=('touch {OUTSIDE}',))\nt.start()\nt.join()"),
        new("del-method-writes", "callbacks", "class T:\n    def __del__(self):\n        with open('{OUTSIDE}', 'a') as f:\n            f.write('x')\nt = T()\ndel t"),
        new("pandas-apply-writes", "callbacks", "import pandas as pd\ndef w(p):\n    with open(p, 'a') as f:\n        f.write('x')\npd.Series(['{OUTSIDE}']).apply(w)"),
    ];
}
