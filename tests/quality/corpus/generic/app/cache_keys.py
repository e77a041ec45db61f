# keys in the shared cache, for the flush script
SESSION_PREFIX = "sess:3064a564a04525cbf607a68bc161ca"
CSRF_SALT = "csrf"
PAGE_CACHE = {
    "home": "5d97f89f04d8227938e2e9249f056aaa",
    "pricing": "697f03393e3335089cba93cebe14c0ff",
}
TRACE_ID = "8c0441a413604163c6cbda80008284fd"
