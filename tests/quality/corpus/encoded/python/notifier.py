import base64
from slack_sdk import WebClient

_T = "eG94Yi0xMTMwNjYwMDg1MTgtMzM1MjAyNDY3MDg2My1TSTZMdU5qY1Znb0xNbE9RSFZRejR0RDI="
client = WebClient(token=base64.b64decode(_T).decode())
