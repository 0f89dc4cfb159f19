"""The stochastic layer: shocks drawn outside every kernel from generators keyed by (seed, path).

Sits just above :mod:`actuarial.config` and below every stage (it imports only ``config`` and ``dims``), so
any stage may consume its draws and the draws cannot depend on a stage's results.  Modules:
:mod:`~actuarial.stochastic.streams` (generators, correlation), :mod:`~actuarial.stochastic.leecarter`
(mortality), :mod:`~actuarial.stochastic.fertility` (total fertility), :mod:`~actuarial.stochastic.economy`
(economic and migration processes, AI adoption parameters), :mod:`~actuarial.stochastic.draws` (all draws
of a range of paths as one Dataset).  Method and calibration: ``assumptions/china/METHOD_stochastic.md``.
"""

from actuarial.stochastic.draws import StochasticParameters, draw_chunks, draw_paths, mortality_paths

__all__ = ["StochasticParameters", "draw_chunks", "draw_paths", "mortality_paths"]
