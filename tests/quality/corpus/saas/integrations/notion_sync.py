from notion_client import Client

notion = Client(auth="secret_Bo1hXIeY0VnlhdMEXhZJzeBzltq2MURD9jVCzjLc9Je")
DATABASE_ID = "7fc4ee88-1077-4241-b7f9-c72673480d4b"

def rows():
    return notion.databases.query(database_id=DATABASE_ID)["results"]
