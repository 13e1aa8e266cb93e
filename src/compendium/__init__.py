"""compendium: what the notebooks of this research compendium share.

The notebooks reproduce the figure and check the quantitative claims of 张豪, 张纲, 蒋家东, 宗习均,
《中国制造业产品质量提升策略研究》 (Strategic Study of CAE, 2022) against public sources. The arithmetic a reader
checks is in the notebooks' cells; this package holds what several of them use, in three layers that import only
downwards:

- analysis: paths, printed, rules, data (loading and validating data/), relations, verdicts, stats;
- presentation: text (the words and the one number format), tables, ledger, plotting;
- workflow: params (the notebooks' parameters), results, ipynb (stripping executed notebooks), readme.
"""
