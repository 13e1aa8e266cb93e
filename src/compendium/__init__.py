"""compendium: the library behind the notebooks of this research compendium.

It reproduces the figure and the quantitative claims of 张豪, 张纲, 蒋家东, 宗习均,
《中国制造业产品质量提升策略研究》 (Strategic Study of CAE, 2022) from public sources.
Notebooks call into these modules; no analysis logic lives in notebook cells.
"""

__version__ = "0.1.0"
