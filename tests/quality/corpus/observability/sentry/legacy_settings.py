RAVEN_CONFIG = {
    "dsn": "https://79775014db6dc90ebef688ce39f134f9:728e04c69b2b0eda75ea8afb742b0720@sentry.acme.dev/20",
    "release": "908060b90fd3ff3feb33dc0ff259e78de4ae3313",
}
