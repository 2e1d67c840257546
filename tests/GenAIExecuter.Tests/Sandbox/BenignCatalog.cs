namespace GenAIExecuter.Tests.Sandbox;

/// <summary>Code typical of what an LLM writes for data tasks. SAFE mode must run all of it unchanged, with the right output.
/// The working directory holds data.csv (name,score: ada 91, bob 78, cy 85).</summary>
public static class BenignCatalog
{
    public static readonly IReadOnlyDictionary<string, (string Code, string Expected)> All = new Dictionary<string, (string, string)>
    {
        ["math-factorial"] = ("import math\nprint(math.factorial(10))", "3628800\n"),
        ["math-functions"] = ("import math\nprint(round(math.sqrt(2) * math.pi, 6), math.gcd(84, 36), math.comb(5, 2))", "4.442883 12 10\n"),
        ["statistics"] = ("import statistics as st\nd = [2, 4, 4, 4, 5, 5, 7, 9]\nprint(st.mean(d), st.median(d), st.pstdev(d))", "5 4.5 2.0\n"),
        ["json-roundtrip"] = ("import json\nd = json.loads('{\"a\": [1, 2, {\"b\": null}]}')\nprint(json.dumps(d, sort_keys=True))", "{\"a\": [1, 2, {\"b\": null}]}\n"),
        ["csv-read"] = ("import csv\nwith open('data.csv') as f:\n    rows = list(csv.DictReader(f))\nprint(sum(int(r['score']) for r in rows) / len(rows))", "84.66666666666667\n"),
        ["text-read-lines"] = ("with open('data.csv', encoding='utf-8') as f:\n    print(len(f.readlines()))", "4\n"),
        ["pathlib-read-text"] = ("from pathlib import Path\nprint(Path('data.csv').read_text().splitlines()[1])", "ada,91\n"),
        ["datetime"] = ("from datetime import date, timedelta\nprint(date(2024, 2, 28) + timedelta(days=2))", "2024-03-01\n"),
        ["regex"] = ("import re\nprint(re.findall(r'\\d+', 'a1b22c333'))", "['1', '22', '333']\n"),
        ["collections-counter"] = ("from collections import Counter\nprint(Counter('mississippi').most_common(2))", "[('i', 4), ('s', 4)]\n"),
        ["collections-defaultdict"] = ("from collections import defaultdict\nd = defaultdict(list)\nfor k, v in [('a', 1), ('b', 2), ('a', 3)]:\n    d[k].append(v)\nprint(dict(d))", "{'a': [1, 3], 'b': [2]}\n"),
        ["itertools"] = ("import itertools\nprint(list(itertools.combinations('abc', 2)), list(itertools.accumulate([1, 2, 3])))", "[('a', 'b'), ('a', 'c'), ('b', 'c')] [1, 3, 6]\n"),
        ["functools-lru-cache"] = ("from functools import lru_cache\n@lru_cache(maxsize=None)\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nprint(fib(80))", "23416728348467685\n"),
        ["dataclasses"] = ("from dataclasses import dataclass, asdict\n@dataclass\nclass P:\n    x: int\n    y: int = 0\nprint(asdict(P(1)), P(2, 3))", "{'x': 1, 'y': 0} P(x=2, y=3)\n"),
        ["classes-and-super"] = ("class A:\n    def __init__(self, n):\n        self.n = n\n    def __repr__(self):\n        return f'{type(self).__name__}({self.n})'\nclass B(A):\n    def __init__(self):\n        super().__init__(7)\nprint(B(), B().__class__.__name__)", "B(7) B\n"),
        ["os-walk"] = ("import os\nfiles = sorted(f for _, _, fs in os.walk('.') for f in fs if f.endswith('.csv'))\nprint(files)", "['data.csv']\n"),
        ["pathlib-glob"] = ("from pathlib import Path\nprint(sorted(p.name for p in Path('.').glob('*.csv')))", "['data.csv']\n"),
        ["os-path-and-stat"] = ("import os\nprint(os.path.exists('data.csv'), os.path.getsize('data.csv'), os.path.splitext('a/b.tar.gz'))", "True 31 ('a/b.tar', '.gz')\n"),
        ["hashlib"] = ("import hashlib\nprint(hashlib.sha256(b'abc').hexdigest()[:16])", "ba7816bf8f01cfea\n"),
        ["base64"] = ("import base64\nprint(base64.b64encode(b'hello').decode(), base64.b64decode('aGk=').decode())", "aGVsbG8= hi\n"),
        ["decimal-fractions"] = ("from decimal import Decimal\nfrom fractions import Fraction\nprint(Decimal('0.1') + Decimal('0.2'), Fraction(1, 3) + Fraction(1, 6))", "0.3 1/2\n"),
        ["random-seeded"] = ("import random\nrandom.seed(42)\nprint(random.randint(1, 100), round(random.random(), 4))", "82 0.1113\n"),
        ["heapq-bisect"] = ("import heapq, bisect\nprint(heapq.nsmallest(3, [5, 1, 8, 3, 9]), bisect.bisect([1, 3, 5, 7], 4))", "[1, 3, 5] 2\n"),
        ["string-formatting"] = ("name, score = 'ada', 91.456\nprint(f'{name:>5}|{score:8.2f}|{1234567:,}')", "  ada|   91.46|1,234,567\n"),
        ["textwrap"] = ("import textwrap\nprint(textwrap.fill('the quick brown fox jumps', width=10))", "the quick\nbrown fox\njumps\n"),
        ["sorting-lambda"] = ("people = [('bob', 78), ('ada', 91), ('cy', 85)]\nprint(sorted(people, key=lambda p: -p[1])[0][0])", "ada\n"),
        ["comprehensions-and-generators"] = ("print(sum(x * x for x in range(101)), {k: len(k) for k in ['a', 'bb']})", "338350 {'a': 1, 'bb': 2}\n"),
        ["exceptions-handled"] = ("try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    print('caught', type(e).__name__)", "caught ZeroDivisionError\n"),
        ["typing-and-enum"] = ("from enum import Enum\nfrom typing import NamedTuple\nclass C(Enum):\n    RED = 1\nclass Pt(NamedTuple):\n    x: int\n    y: int\nprint(C.RED.name, Pt(1, 2)._asdict())", "RED {'x': 1, 'y': 2}\n"),
        ["io-stringio"] = ("import io, csv\nbuf = io.StringIO()\ncsv.writer(buf).writerow(['a', 'b'])\nprint(repr(buf.getvalue()))", "'a,b\\r\\n'\n"),
        ["tempfile-in-scratch"] = ("import tempfile\nwith tempfile.NamedTemporaryFile('w+', suffix='.txt') as f:\n    f.write('hi')\n    f.flush()\n    print(open(f.name).read())", "hi\n"),
        ["sqlite-in-memory"] = ("import sqlite3\nc = sqlite3.connect(':memory:')\nc.execute('create table t(x)')\nc.executemany('insert into t values (?)', [(1,), (2,), (3,)])\nprint(c.execute('select sum(x) from t').fetchone()[0])", "6\n"),
        ["asyncio-gather"] = ("import asyncio\nasync def sq(x):\n    await asyncio.sleep(0.01)\n    return x * x\nasync def main():\n    return await asyncio.gather(*(sq(i) for i in range(4)))\nprint(asyncio.run(main()))", "[0, 1, 4, 9]\n"),
        ["threads-pool"] = ("from concurrent.futures import ThreadPoolExecutor\nwith ThreadPoolExecutor(4) as ex:\n    print(list(ex.map(lambda x: x * 2, range(5))))", "[0, 2, 4, 6, 8]\n"),
        ["logging-to-stderr"] = ("import logging\nlogging.basicConfig(level=logging.INFO, format='%(levelname)s %(message)s')\nlogging.info('hello')\nprint('done')", "done\n"),
        ["unicode-output"] = ("print('héllo wörld ✓ 日本')", "héllo wörld ✓ 日本\n"),
        ["zipfile-in-memory"] = ("import io, zipfile\nb = io.BytesIO()\nwith zipfile.ZipFile(b, mode='a') as z:\n    z.writestr('a.txt', 'zip!')\nprint(zipfile.ZipFile(b).read('a.txt').decode())", "zip!\n"),
        ["sys-basics"] = ("import sys\nprint(sys.version_info >= (3, 9), sys.argv[0], sys.maxsize > 0)", "True main.py True\n"),
        ["environ-read"] = ("import os\nprint(os.environ.get('LANG', '?') != '', 'HOME' in os.environ)", "True True\n"),
        ["exit-zero"] = ("import sys\nprint('bye')\nsys.exit(0)", "bye\n"),
    };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in All.Keys)
        {
            data.Add(name);
        }

        return data;
    }
}
