"""The analysis: loading the data package, the claims ledger, statistics and one module per notebook's questions."""
