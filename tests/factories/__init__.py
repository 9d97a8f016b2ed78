"""factory_boy factories, one module per app. Fixed dates, never "now plus random"."""
