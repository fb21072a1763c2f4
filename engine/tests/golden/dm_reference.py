"""Reference values for engine/tests/compare_dm.rs: Diebold-Mariano with the
Harvey-Leybourne-Newbold correction, written from the textbook formulas with numpy and
scipy.stats.t, independently of the Rust code. Run once; its output is dm_reference.json.

    python3 dm_reference.py > dm_reference.json      (numpy 2.4.6, scipy 1.17.1)

d_t = L(e_a,t) - L(e_b,t); gamma_k = (1/n) sum_{t=k}^{n-1} (d_t - dbar)(d_{t-k} - dbar);
V = gamma_0 + 2 sum_{k=1}^{h-1} gamma_k (gamma_0 alone when V <= 0); DM = dbar / sqrt(V/n);
HLN = DM * sqrt((n + 1 - 2h + h(h-1)/n) / n); p = 2 * t.sf(|HLN|, n - 1).
"""
import json

import numpy as np
import scipy
from scipy import stats

CASES = [
    {
        "name": "n24_h1",
        "horizon": 1,
        "a": [-0.11, 1.55, 0.97, 0.22, -1.42, -1.91, 1.19, 0.82, -1.99, 0.63, -2.39, 1.0, 0.7, 0.97, -0.44, 0.69, -0.26, -1.41, 0.55, 0.48, 0.17, 0.25, -0.61, 0.01],
        "b": [-0.19, -0.23, -0.31, 0.12, -1.98, -0.62, 1.56, 1.54, -0.07, 0.72, -0.95, 0.63, -0.12, 1.14, -0.44, -0.98, -1.04, -1.01, 1.21, -1.2, 0.9, 0.08, -0.51, 0.56],
    },
    {
        "name": "n30_h3",
        "horizon": 3,
        "a": [2.4, 0.25, 0.06, 0.22, -0.26, 0.77, -1.21, -1.02, -0.25, 0.56, -1.54, -1.02, -1.81, -0.2, -0.76, 0.32, -0.1, -0.96, 1.43, 0.6, -0.53, -1.07, -0.31, 1.36, -1.41, -1.14, -0.87, 0.0, 1.14, 0.46],
        "b": [0.95, 0.4, -0.63, 0.4, -0.04, 0.15, 0.95, -0.54, -0.1, -0.71, -1.47, 0.77, -1.14, -0.59, -1.98, 0.07, -0.98, -0.17, 1.03, 0.17, 0.17, 0.09, -0.15, 0.02, -0.27, -0.33, 1.04, 2.1, 2.07, -0.74],
    },
    {
        "name": "n40_h7",
        "horizon": 7,
        "a": [0.74, -2.82, -0.37, -0.26, 1.0, 0.37, -0.53, -1.95, -0.65, -0.87, -1.83, -0.19, -0.92, -0.64, 0.35, -0.0, -0.08, -0.22, 0.15, -1.03, -0.13, -0.85, -0.37, 0.54, -0.99, -1.35, -0.58, 0.39, -0.46, -1.28, 1.75, 0.78, -0.51, 1.26, -2.6, -1.5, -0.34, 0.9, 0.57, -0.78],
        "b": [1.49, -0.07, 0.91, 0.37, 0.87, -0.15, -0.28, -0.74, 0.45, -1.33, -0.5, 0.41, 1.16, -0.21, 0.64, 0.71, 0.09, -0.56, -0.31, 0.94, 0.22, -1.11, -0.35, -0.77, -0.41, -0.51, -0.24, 0.45, -0.18, -0.3, 1.4, 0.28, -1.94, 1.15, -1.97, -1.23, -0.83, 1.42, 0.55, -0.06],
    },
]

LOSSES = {"squared": np.square, "absolute": np.abs}


def dm_hln(a, b, h, loss):
    d = LOSSES[loss](np.asarray(a)) - LOSSES[loss](np.asarray(b))
    n = d.size
    dbar = d.mean()
    c = d - dbar
    gamma = [np.dot(c[k:], c[: n - k]) / n for k in range(h)]
    v = gamma[0] + 2.0 * sum(gamma[1:])
    fallback = bool(v <= 0)
    if fallback:
        v = gamma[0]
    dm = dbar / np.sqrt(v / n)
    hln = dm * np.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n)
    p = 2.0 * stats.t.sf(abs(hln), n - 1)
    return {
        "n": n,
        "mean_differential": float(dbar),
        "statistic": float(dm),
        "hln_statistic": float(hln),
        "p_value": float(p),
        "variance_fallback": fallback,
    }


out = {"numpy": np.__version__, "scipy": scipy.__version__, "results": []}
for case in CASES:
    for loss in ("squared", "absolute"):
        r = dm_hln(case["a"], case["b"], case["horizon"], loss)
        r.update({"case": case["name"], "horizon": case["horizon"], "loss": loss})
        out["results"].append(r)
print(json.dumps(out, indent=1))
