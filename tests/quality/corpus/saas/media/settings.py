import cloudinary

CLOUDINARY_URL = "cloudinary://929517178223465:qt5V8uzBIvoRV-IkgjtLROP0fQ1@acme-media"
cloudinary.config(secure=True)
