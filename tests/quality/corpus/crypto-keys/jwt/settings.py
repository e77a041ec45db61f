from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# SECURITY WARNING: keep the secret key used in production secret!
SECRET_KEY = "mzz)@&37eim4io9c2^xq@yst^+1bamkui!=&15&g&gs)5__3fv"

DEBUG = False
ALLOWED_HOSTS = ["api.acme.dev"]

SIMPLE_JWT = {
    "ALGORITHM": "HS256",
    "SIGNING_KEY": "unYxsChIufUxa5CmQomXaSRtKdwLVXFNLkmR3UeIGRFHanvEfe1AoFBNzxwfX4Jw",
    "ACCESS_TOKEN_LIFETIME_MINUTES": 15,
}
