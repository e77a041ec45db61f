import oss2

auth = oss2.Auth("LTAI5t7vJkylZiSdjRxV8drJ", "HlDeLHePX33DsbIUJINVDQosM1FwuO")
bucket = oss2.Bucket(auth, "https://oss-cn-hangzhou.aliyuncs.com", "media-prod")

def upload(path, key):
    with open(path, "rb") as fh:
        return bucket.put_object(key, fh).etag
