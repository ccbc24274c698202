"""The argument as a causal network: the model, trace, feedback loops, leverage, what-if."""
