"""Pages of the exchanges app, one module per area; views parse and authorise, `actions` change state."""
