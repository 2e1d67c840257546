# Part of the GenAI Executer runner: Warm-ups of the data stack, so that a data run pays for its own work, not for first touches.
# The parts are joined, in the order RunnerScript gives, into one module compiled once (one file loads fastest).

# A forked worker shares the server's memory until it writes to it, and the first write to each page costs a copy
# (here about 20 us a page). A pandas snippet touches some 1,600 such pages and a chart some 3,500: most of a data
# run's time. A worker warmed by these snippets before its request has paid for them already. The server runs them
# once too, so that what the libraries import and cache on first use is shared by every worker.
WARM_UPS = {
    "data": (("pandas",),
             "import io\nimport pandas as pd\n"
             "df = pd.read_csv(io.StringIO('a,b,d\\nx,1,2020-01-01\\ny,2,2020-01-02\\nx,3,2020-01-03\\n'))\n"
             "df['d'] = pd.to_datetime(df['d'])\n"
             "df.groupby('a')['b'].sum().to_string()\ndf.describe().to_string()\n"),
    "charts": (("matplotlib.pyplot",),
               "import io\nimport matplotlib.pyplot as plt\n"
               "fig, ax = plt.subplots()\nax.plot([1, 2, 3], [3, 1, 2])\nax.set_title('t')\n"
               "fig.savefig(io.BytesIO(), format='png')\nplt.close(fig)\n"),
}

DATA_WORDS = ("pandas", "numpy", "scipy", "sklearn", "seaborn", "statsmodels")
CHART_WORDS = ("matplotlib", "seaborn", "plt.")


def warm_ups_available():
    """The warm-ups whose modules this server preloaded (charts only under the Agg backend: nothing may open a window)."""
    kinds = []
    for kind, (modules, _code) in WARM_UPS.items():
        if all(module in sys.modules for module in modules):
            if kind == "charts" and sys.modules["matplotlib"].get_backend().lower() != "agg":
                continue
            kinds.append(kind)
    return kinds


def warm(kinds):
    for kind in kinds:
        try:
            exec(compile(WARM_UPS[kind][1], "<warm-up>", "exec", dont_inherit=True), {"__name__": "__warm_up__"})
        except Exception:  # noqa: a warm-up only saves time; a library that differs is simply not warmed
            pass


def uses_of(source):
    """What a run's code uses, by its words: the server warms its next workers for the same."""
    kinds = []
    if any(word in source for word in DATA_WORDS):
        kinds.append("data")
    if any(word in source for word in CHART_WORDS):
        kinds.append("charts")
    return ",".join(kinds)
