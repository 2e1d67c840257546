namespace GenAIExecuter.Tests.Sandbox.Data;

/// <summary>Everyday data code, written the way LLMs write it for ordinary instructions, each with its exact output.
/// It reads the test data of <see cref="DataWorld"/> (sales.csv, people.json, budget.xlsx) from the working directory.
/// The outputs were produced by Debian's /usr/bin/python3 with its python3-* data packages, outside any sandbox; SAFE
/// mode must give the same.</summary>
internal static class DataBenignCatalog
{
    public static readonly IReadOnlyList<DataSnippet> All =
    [
        new("pandas-read-csv-head", """
            import pandas as pd
            df = pd.read_csv("sales.csv")
            print(df.shape)
            print(df.head(3).to_string())
            """,
            "(12, 5)\n         date region product  units  price\n0  2024-01-03  North  Widget     12    2.5\n1  2024-01-05  South  Gadget      7   10.0\n2  2024-01-09  North  Gadget      3   10.0\n"),
        new("pandas-groupby-sum", """
            import pandas as pd
            df = pd.read_csv("sales.csv")
            df["revenue"] = df["units"] * df["price"]
            print(df.groupby("region")["revenue"].sum().sort_values(ascending=False).to_string())
            """,
            "region\nSouth    267.5\nEast     245.0\nNorth    107.5\n"),
        new("pandas-groupby-agg", """
            import pandas as pd
            df = pd.read_csv("sales.csv")
            summary = df.groupby("product").agg(total_units=("units", "sum"), orders=("units", "count"), avg_price=("price", "mean"))
            print(summary.to_string())
            """,
            "         total_units  orders  avg_price\nproduct                                \nGadget            27       4       10.0\nGizmo              7       3       25.0\nWidget            70       5        2.5\n"),
        new("pandas-pivot-table", """
            import pandas as pd
            df = pd.read_csv("sales.csv", parse_dates=["date"])
            df["month"] = df["date"].dt.strftime("%Y-%m")
            pivot = pd.pivot_table(df, values="units", index="region", columns="month", aggfunc="sum", fill_value=0)
            print(pivot.to_string())
            """,
            "month   2024-01  2024-02  2024-03\nregion                           \nEast         20        4       20\nNorth        15        9        1\nSouth         7       17       11\n"),
        new("pandas-merge", """
            import pandas as pd
            sales = pd.read_csv("sales.csv")
            managers = pd.DataFrame({"region": ["North", "South", "East"], "manager": ["Ann", "Raj", "Li"]})
            merged = sales.merge(managers, on="region", how="left")
            print(merged.groupby("manager")["units"].sum().to_string())
            """,
            "manager\nAnn    25\nLi     44\nRaj    35\n"),
        new("pandas-rolling", """
            import pandas as pd
            df = pd.read_csv("sales.csv", parse_dates=["date"]).sort_values("date")
            df["rolling_units"] = df["units"].rolling(window=3).mean().round(2)
            print(df[["date", "units", "rolling_units"]].tail(4).to_string(index=False))
            """,
            "      date  units  rolling_units\n2024-03-02      6           5.67\n2024-03-15      1           3.00\n2024-03-18     11           6.00\n2024-03-29     14           8.67\n"),
        new("pandas-describe", """
            import pandas as pd
            df = pd.read_csv("sales.csv")
            print(df[["units", "price"]].describe().round(2).to_string())
            """,
            "       units  price\ncount  12.00  12.00\nmean    8.67  10.62\nstd     5.88   9.30\nmin     1.00   2.50\n25%     3.75   2.50\n50%     8.00  10.00\n75%    12.50  13.75\nmax    20.00  25.00\n"),
        new("pandas-date-parsing", """
            import pandas as pd
            df = pd.read_csv("sales.csv")
            df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d")
            df["weekday"] = df["date"].dt.day_name()
            print(df["weekday"].value_counts().sort_index().to_string())
            """,
            "Friday       4\nMonday       1\nSaturday     1\nSunday       1\nThursday     1\nTuesday      2\nWednesday    2\n"),
        new("pandas-resample-monthly", """
            import pandas as pd
            df = pd.read_csv("sales.csv", parse_dates=["date"], index_col="date")
            monthly = df["units"].resample("MS").sum()
            print(monthly.to_string())
            """,
            "date\n2024-01-01    42\n2024-02-01    30\n2024-03-01    32\nFreq: MS\n"),
        new("pandas-read-json", """
            import pandas as pd
            people = pd.read_json("people.json")
            print(people.sort_values("age").to_string(index=False))
            print(people.groupby("city")["age"].mean().round(1).to_string())
            """,
            "name  age   city team\n  Di   24 Berlin    B\n Bob   29  Paris    B\n  Ed   33  Paris    A\n Ada   36 London    A\n  Cy   41 London    A\ncity\nBerlin    24.0\nLondon    38.5\nParis     31.0\n"),
        new("pandas-value-counts-normalize", """
            import pandas as pd
            df = pd.read_csv("sales.csv")
            print((df["product"].value_counts(normalize=True) * 100).round(1).to_string())
            """,
            "Widget    41.7\nGadget    33.3\nGizmo     25.0\n"),
        new("pandas-filter-and-sort", """
            import pandas as pd
            df = pd.read_csv("sales.csv")
            big = df[(df["units"] >= 10) & (df["region"] != "East")].sort_values("units", ascending=False)
            print(big[["date", "region", "units"]].to_string(index=False))
            """,
            "      date region  units\n2024-02-01  South     15\n2024-01-03  North     12\n2024-03-18  South     11\n"),
        new("pandas-cumsum-pct-change", """
            import pandas as pd
            df = pd.read_csv("sales.csv", parse_dates=["date"])
            monthly = df.groupby(df["date"].dt.month)["units"].sum()
            print(pd.DataFrame({"units": monthly, "cumulative": monthly.cumsum(), "change_%": (monthly.pct_change() * 100).round(1)}).to_string())
            """,
            "      units  cumulative  change_%\ndate                             \n1        42          42       NaN\n2        30          72     -28.6\n3        32         104       6.7\n"),
        new("pandas-missing-values", """
            import pandas as pd
            import numpy as np
            df = pd.DataFrame({"a": [1, np.nan, 3, 4], "b": ["x", None, "z", "w"]})
            print(df.isna().sum().to_string())
            print(df.fillna({"a": df["a"].mean(), "b": "missing"}).to_string(index=False))
            """,
            "a    1\nb    1\n       a       b\n1.000000       x\n2.666667 missing\n3.000000       z\n4.000000       w\n"),
        new("pandas-apply-lambda", """
            import pandas as pd
            df = pd.read_csv("sales.csv")
            df["size"] = df["units"].apply(lambda u: "large" if u >= 10 else "small")
            print(df.groupby(["region", "size"]).size().unstack(fill_value=0).to_string())
            """,
            "size    large  small\nregion              \nEast        2      2\nNorth       1      3\nSouth       2      2\n"),
        new("pandas-crosstab", """
            import pandas as pd
            df = pd.read_csv("sales.csv")
            print(pd.crosstab(df["region"], df["product"], margins=True).to_string())
            """,
            "product  Gadget  Gizmo  Widget  All\nregion                             \nEast          1      1       2    4\nNorth         1      1       2    4\nSouth         2      1       1    4\nAll           4      3       5   12\n"),
        new("pandas-melt", """
            import pandas as pd
            wide = pd.DataFrame({"id": [1, 2], "q1": [10, 20], "q2": [15, 25]})
            long = wide.melt(id_vars="id", var_name="quarter", value_name="sales")
            print(long.to_string(index=False))
            """,
            " id quarter  sales\n  1      q1     10\n  2      q1     20\n  1      q2     15\n  2      q2     25\n"),
        new("pandas-read-excel", """
            import pandas as pd
            budget = pd.read_excel("budget.xlsx", sheet_name="Budget")
            budget["total"] = budget["q1"] + budget["q2"]
            print(budget.to_string(index=False))
            print("biggest item:", budget.loc[budget["total"].idxmax(), "item"])
            """,
            "  item   q1   q2  total\n  rent 1200 1200   2400\n  food  450  520    970\ntravel  300   80    380\nbiggest item: rent\n"),
        new("pandas-corr", """
            import pandas as pd
            df = pd.read_csv("sales.csv")
            df["revenue"] = df["units"] * df["price"]
            print(df[["units", "price", "revenue"]].corr().round(3).to_string())
            """,
            "         units  price  revenue\nunits    1.000 -0.806   -0.045\nprice   -0.806  1.000    0.314\nrevenue -0.045  0.314    1.000\n"),
        new("pandas-to-csv-string", """
            import pandas as pd
            df = pd.read_csv("sales.csv")
            top = df.nlargest(3, "units")[["region", "units"]]
            print(top.to_csv(index=False), end="")
            """,
            "region,units\nEast,20\nSouth,15\nEast,14\n"),
        new("numpy-stats", """
            import numpy as np
            data = np.array([12, 7, 3, 20, 15, 4, 9, 2, 6, 1, 11, 14])
            print(f"mean={data.mean():.3f} median={np.median(data)} std={data.std(ddof=1):.3f}")
            print("percentiles:", np.percentile(data, [25, 50, 75]))
            """,
            "mean=8.667 median=8.0 std=5.883\npercentiles: [ 3.75  8.   12.5 ]\n"),
        new("numpy-arange-reshape", """
            import numpy as np
            a = np.arange(12).reshape(3, 4)
            print(a.sum(axis=0))
            print(a.T @ a)
            """,
            "[12 15 18 21]\n[[ 80  92 104 116]\n [ 92 107 122 137]\n [104 122 140 158]\n [116 137 158 179]]\n"),
        new("numpy-linalg-solve", """
            import numpy as np
            A = np.array([[3.0, 1.0], [1.0, 2.0]])
            b = np.array([9.0, 8.0])
            x = np.linalg.solve(A, b)
            print(x, np.allclose(A @ x, b))
            """,
            "[2. 3.] True\n"),
        new("numpy-random-seeded", """
            import numpy as np
            rng = np.random.default_rng(42)
            sample = rng.normal(loc=10, scale=2, size=1000)
            print(round(float(sample.mean()), 2), round(float(sample.std()), 2))
            """,
            "9.94 1.98\n"),
        new("numpy-polyfit", """
            import numpy as np
            x = np.array([1, 2, 3, 4, 5], dtype=float)
            y = 2.5 * x + 1.0
            slope, intercept = np.polyfit(x, y, 1)
            print(f"slope={slope:.2f} intercept={intercept:.2f}")
            """,
            "slope=2.50 intercept=1.00\n"),
        new("numpy-eig", """
            import numpy as np
            m = np.array([[2.0, 0.0], [0.0, 3.0]])
            values, vectors = np.linalg.eig(m)
            print(sorted(values.tolist()))
            """,
            "[2.0, 3.0]\n"),
        new("scipy-ttest", """
            from scipy import stats
            a = [20.1, 21.5, 19.8, 22.3, 20.9, 21.1]
            b = [18.2, 19.1, 17.9, 18.8, 19.4, 18.5]
            t, p = stats.ttest_ind(a, b)
            print(f"t={t:.3f} p={p:.5f} significant={p < 0.05}")
            """,
            "t=5.244 p=0.00038 significant=True\n"),
        new("scipy-norm-cdf", """
            import scipy.stats
            print(round(scipy.stats.norm.cdf(1.96), 4))
            print(round(scipy.stats.norm.ppf(0.975), 4))
            """,
            "0.975\n1.96\n"),
        new("scipy-pearson", """
            import pandas as pd
            from scipy.stats import pearsonr
            df = pd.read_csv("sales.csv")
            r, p = pearsonr(df["units"], df["price"])
            print(f"r={r:.3f} p={p:.4f}")
            """,
            "r=-0.806 p=0.0016\n"),
        new("scipy-optimize-minimize", """
            from scipy.optimize import minimize
            result = minimize(lambda v: (v[0] - 3) ** 2 + (v[1] + 1) ** 2, x0=[0, 0])
            print([round(float(x), 3) for x in result.x], result.success)
            """,
            "[3.0, -1.0] True\n"),
        new("scipy-signal-peaks", """
            import numpy as np
            from scipy import signal
            x = np.array([0, 2, 1, 3, 0, 1, 5, 1, 0])
            peaks, _ = signal.find_peaks(x)
            print(peaks.tolist(), signal.argrelextrema(x, np.greater)[0].tolist())
            """,
            "[1, 3, 6] [1, 3, 6]\n"),
        new("scipy-integrate", """
            from scipy import integrate
            value, error = integrate.quad(lambda x: x ** 2, 0, 3)
            print(round(value, 6))
            """,
            "9.0\n"),
        new("sklearn-linear-regression", """
            import numpy as np
            from sklearn.linear_model import LinearRegression
            X = np.array([[1], [2], [3], [4], [5]])
            y = np.array([3.1, 4.9, 7.2, 8.8, 11.1])
            model = LinearRegression().fit(X, y)
            print(f"coef={model.coef_[0]:.3f} intercept={model.intercept_:.3f} r2={model.score(X, y):.4f}")
            print(model.predict([[6]]).round(2))
            """,
            "coef=1.990 intercept=1.050 r2=0.9973\n[12.99]\n"),
        new("sklearn-kmeans", """
            import numpy as np
            from sklearn.cluster import KMeans
            points = np.array([[1, 1], [1.2, 0.8], [0.9, 1.1], [8, 8], [8.2, 7.9], [7.8, 8.1]])
            km = KMeans(n_clusters=2, n_init=10, random_state=0).fit(points)
            labels = km.labels_
            print(len(set(labels[:3])) == 1 and len(set(labels[3:])) == 1 and labels[0] != labels[3])
            print(sorted(np.round(km.cluster_centers_[:, 0], 2).tolist()))
            """,
            "True\n[1.03, 8.0]\n"),
        new("sklearn-train-test-split", """
            from sklearn.datasets import load_iris
            from sklearn.model_selection import train_test_split
            from sklearn.tree import DecisionTreeClassifier
            X, y = load_iris(return_X_y=True)
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=42, stratify=y)
            clf = DecisionTreeClassifier(random_state=0).fit(X_train, y_train)
            print(len(X_train), len(X_test), round(clf.score(X_test, y_test), 3) >= 0.9)
            """,
            "105 45 True\n"),
        new("sklearn-logistic-pipeline", """
            from sklearn.datasets import load_breast_cancer
            from sklearn.linear_model import LogisticRegression
            from sklearn.pipeline import make_pipeline
            from sklearn.preprocessing import StandardScaler
            from sklearn.model_selection import cross_val_score
            X, y = load_breast_cancer(return_X_y=True)
            scores = cross_val_score(make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)), X, y, cv=5)
            print(scores.mean() > 0.95)
            """,
            "True\n"),
        new("sklearn-metrics", """
            from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
            y_true = [0, 1, 1, 0, 1, 1, 0]
            y_pred = [0, 1, 0, 0, 1, 1, 1]
            print(round(accuracy_score(y_true, y_pred), 3), round(f1_score(y_true, y_pred), 3))
            print(confusion_matrix(y_true, y_pred))
            """,
            "0.714 0.75\n[[2 1]\n [1 3]]\n"),
        new("sympy-solve", """
            import sympy as sp
            x = sp.symbols("x")
            print(sp.solve(x**2 - 5*x + 6, x))
            print(sp.diff(sp.sin(x) * x, x))
            """,
            "[2, 3]\nx*cos(x) + sin(x)\n"),
        new("sympy-integrate-simplify", """
            from sympy import symbols, integrate, simplify, exp, oo
            x = symbols("x")
            print(integrate(exp(-x), (x, 0, oo)))
            print(simplify((x**2 - 1) / (x - 1)))
            """,
            "1\nx + 1\n"),
        new("matplotlib-plot-savefig-tempdir", """
            import os, tempfile
            import matplotlib.pyplot as plt
            fig, ax = plt.subplots()
            ax.plot([1, 2, 3], [4, 1, 9], marker="o")
            ax.set_title("Units")
            path = os.path.join(tempfile.gettempdir(), "chart.png")
            fig.savefig(path)
            with open(path, "rb") as f:
                print(f.read(8) == b"\x89PNG\r\n\x1a\n", os.path.getsize(path) > 1000)
            """,
            "True True\n"),
        new("matplotlib-explicit-agg-and-show", """
            import matplotlib
            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
            import pandas as pd
            df = pd.read_csv("sales.csv")
            df.groupby("region")["units"].sum().plot(kind="bar")
            plt.title("Units by region")
            plt.show()
            print("shown", len(plt.gcf().axes))
            """,
            "shown 1\n"),
        new("matplotlib-show-without-use", """
            import matplotlib.pyplot as plt
            import numpy as np
            x = np.linspace(0, 2 * np.pi, 50)
            plt.plot(x, np.sin(x))
            plt.show()
            print("done", matplotlib_backend := plt.get_backend().lower())
            """,
            "done agg\n"),
        new("matplotlib-figure-to-bytes", """
            import io
            import matplotlib.pyplot as plt
            fig = plt.figure(figsize=(4, 3))
            plt.hist([1, 2, 2, 3, 3, 3, 4], bins=4)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png")
            print(buffer.getvalue()[:4] == b"\x89PNG")
            """,
            "True\n"),
        new("seaborn-barplot", """
            import pandas as pd
            import seaborn as sns
            import matplotlib.pyplot as plt
            df = pd.read_csv("sales.csv")
            ax = sns.barplot(data=df, x="region", y="units", estimator=sum, errorbar=None)
            print([t.get_text() for t in ax.get_xticklabels()])
            """,
            "['North', 'South', 'East']\n"),
        new("openpyxl-read", """
            from openpyxl import load_workbook
            wb = load_workbook("budget.xlsx", read_only=True)
            ws = wb["Budget"]
            rows = list(ws.iter_rows(min_row=2, values_only=True))
            print(sum(r[1] for r in rows), sum(r[2] for r in rows))
            """,
            "1950 1800\n"),
        new("statistics-and-pandas-mix", """
            import statistics
            import pandas as pd
            units = pd.read_csv("sales.csv")["units"].tolist()
            print(statistics.mean(units), statistics.median(units), statistics.mode([1, 2, 2, 3]))
            """,
            "8.666666666666666 8.0 2\n"),
        new("pandas-style-string-ops", """
            import pandas as pd
            people = pd.read_json("people.json")
            people["initial"] = people["name"].str[0]
            people["city_upper"] = people["city"].str.upper()
            print(people[["initial", "city_upper"]].drop_duplicates("city_upper").to_string(index=False))
            """,
            "initial city_upper\n      A     LONDON\n      B      PARIS\n      D     BERLIN\n"),
        new("numpy-where-and-masks", """
            import numpy as np
            temps = np.array([21.5, 25.1, 19.8, 30.2, 27.7])
            print(np.where(temps > 25, "hot", "mild").tolist(), int((temps > 25).sum()))
            """,
            "['mild', 'hot', 'mild', 'hot', 'hot'] 3\n"),
        new("a-variable-named-eval", """
            import numpy as np
            x = np.array([0.0, 1.0, 2.0])
            y = np.array([0.0, 10.0, 40.0])
            eval = np.array([0.5, 1.5])
            print(np.interp(eval, x, y))
            """,
            "[ 5. 25.]\n"),
    ];
}

/// <summary>One data snippet and the exact output plain Python gives it.</summary>
public sealed record DataSnippet(string Name, string Code, string Output)
{
    public override string ToString() => Name;
}
