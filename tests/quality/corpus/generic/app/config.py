import os

DEBUG = False
SMTP_HOST = "smtp.internal.acme.dev"
SMTP_USER = "notifications"
SMTP_PASSWORD = "D7D@eqxL8jzK9Do4"

INTERNAL_API_SECRET = "FHCw1vaBne15ccF3DLeNHMaA4GzQqM2UuAbtG8Um"
UPLOAD_DIR = os.environ.get("UPLOAD_DIR", "/srv/uploads")
FEATURE_FLAGS = {"new_checkout": True}
