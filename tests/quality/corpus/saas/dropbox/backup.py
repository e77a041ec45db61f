import dropbox

dbx = dropbox.Dropbox("sl.u.gB5LsYk5IsBnBtlpA6YKS77hi8jMUD1pYN-V_KVT4-nI3ItHu1YyDlOtEAlhORMf0E0l9044W2s16MTrcew7rdKeO5HBgUi-ai-b5_sIkNuxAA-tDd_JrNtSW06iorcSphGRUlbK_Gi9")

def upload(path, data):
    dbx.files_upload(data, path, mode=dropbox.files.WriteMode.overwrite)
