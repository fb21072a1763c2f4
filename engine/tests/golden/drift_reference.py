"""Reference values for engine/tests/drift_golden.rs: two-sample KS (D from
scipy.stats.ks_2samp; the p-value compared is the asymptotic Kolmogorov one,
scipy.stats.kstwobign.sf(sqrt(n m / (n + m)) D), not ks_2samp's own exact/small-sample p), and PSI written with numpy from its
definition (type-7 quantile edges of the expected sample, duplicates merged, right-closed
bins, empty-bin share 1e-4). Samples are generated here with a fixed seed, rounded, and
written into the JSON with the results, so the Rust test reads the very same numbers.

    python3 drift_reference.py > drift_reference.json      (numpy 2.4.6, scipy 1.17.1)
"""
import json

import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(7)
PAIRS = {
    "shifted_normal": (np.round(rng.normal(0, 1, 60), 3), np.round(rng.normal(0.5, 1, 45), 3)),
    "wider_spread": (np.round(rng.normal(0, 1, 80), 3), np.round(rng.normal(0, 2, 80), 3)),
    "integer_ties": (np.round(rng.poisson(4, 50) * 1.0, 0), np.round(rng.poisson(5, 70) * 1.0, 0)),
}


def psi(expected, actual, bins):
    edges = np.quantile(expected, [i / bins for i in range(1, bins)])
    edges = np.unique(edges)
    def shares(x):
        idx = np.searchsorted(edges, x, side="left")
        return np.bincount(idx, minlength=edges.size + 1) / x.size
    pe = np.maximum(shares(expected), 1e-4)
    pa = np.maximum(shares(actual), 1e-4)
    return float(np.sum((pa - pe) * np.log(pa / pe)))


out = {"numpy": np.__version__, "scipy": scipy.__version__, "results": []}
for name, (a, b) in PAIRS.items():
    ks = stats.ks_2samp(a, b)
    n, m = a.size, b.size
    lam = np.sqrt(n * m / (n + m)) * ks.statistic
    out["results"].append({
        "case": name,
        "a": [float(v) for v in a],
        "b": [float(v) for v in b],
        "ks_statistic": float(ks.statistic),
        "ks_asymptotic_p_value": float(stats.kstwobign.sf(lam)),
        "psi_10_bins": psi(a, b, 10),
        "psi_5_bins": psi(a, b, 5),
    })
print(json.dumps(out, indent=1))
