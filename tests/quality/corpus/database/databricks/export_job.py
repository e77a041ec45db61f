from databricks import sql

HOST = "adb-2900540935322733.12.azuredatabricks.net"
HTTP_PATH = "/sql/1.0/warehouses/824368fe6067b573"
TOKEN = "dapi4e20dff90eb366e9d8fd3bdc4f85af89"

with sql.connect(server_hostname=HOST, http_path=HTTP_PATH, access_token=TOKEN) as conn:
    with conn.cursor() as cur:
        cur.execute("SELECT * FROM sales.daily LIMIT 10")
        print(cur.fetchall())
