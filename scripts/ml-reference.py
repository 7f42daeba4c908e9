"""Reference check of the reversal model's learner (issue 17), run once outside the project.

Fits scikit-learn's HistGradientBoostingClassifier on the committed fixture
test/fixtures/ml/reversal-reference.csv (written by scripts/ml-reference-export.ts) with the
settings of engine/ml/gbdt.ts's DEFAULT_GBDT, and writes its out-of-sample AUC and its
training time to test/fixtures/ml/reversal-reference-sklearn.json, which the unit test
test/unit/ml/reference.test.ts reads. Command (Debian's python3 with scikit-learn 1.2.1):

    /usr/bin/python3 scripts/ml-reference.py

LightGBM is not installable on this machine (no network but npm), so scikit-learn is the
reference. Only the standard library, numpy and scikit-learn are used.
"""
import csv
import json
import platform
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score

FIXTURE = "test/fixtures/ml/reversal-reference.csv"
OUT = "test/fixtures/ml/reversal-reference-sklearn.json"
# engine/ml/gbdt.ts DEFAULT_GBDT, in scikit-learn's names.
PARAMS = dict(
    max_iter=60,
    learning_rate=0.05,
    max_leaf_nodes=8,
    max_depth=4,
    min_samples_leaf=200,
    l2_regularization=1.0,
    max_bins=255,
    early_stopping=False,
    random_state=1,
)


def main() -> None:
    with open(FIXTURE, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    names = header[3:]
    sets = np.array([r[1] for r in body])
    y = np.array([float(r[2]) for r in body])
    x = np.array([[float(v) for v in r[3:]] for r in body])
    train, test = sets == "train", sets == "test"
    model = HistGradientBoostingClassifier(**PARAMS)
    start = time.perf_counter()
    model.fit(x[train], y[train])
    seconds = time.perf_counter() - start
    p = model.predict_proba(x[test])[:, 1]
    result = {
        "fixture": FIXTURE,
        "features": names,
        "train_rows": int(train.sum()),
        "test_rows": int(test.sum()),
        "params": PARAMS,
        "auc": float(roc_auc_score(y[test], p)),
        "fit_seconds": seconds,
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "command": "/usr/bin/python3 scripts/ml-reference.py",
    }
    with open(OUT, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
