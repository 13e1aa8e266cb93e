"""The presentation: text in both languages, labels, tables for people, figures."""
