"""The engine: a session is a log of answers and its state a replay of them; walks enumerate every
path; the resolver turns a node into the words a reader sees, in a language."""
