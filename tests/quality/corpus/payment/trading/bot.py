import ccxt
from alpaca.trading.client import TradingClient

APCA_API_KEY_ID = "AKX8RECDPQX3MYKX9L15"
APCA_API_SECRET_KEY = "ygBunMxcsadZoKpuTqqcFO9KwpToOpwlo2v0rMcm"

binance = ccxt.binance({
    "apiKey": "4RsUZFnij7CdQoouQgXo2SbSNngPIJQ3seJo9lkM4h522vdWY5KOFH7EkG6eCPc5",
    "secret": "vXW3swOIJbjY66GAH6SLQZ813396mMiLD1YilmdPoLEOQ4AM5zKniMbwLRiHwNrP",
    "enableRateLimit": True,
})

alpaca = TradingClient(APCA_API_KEY_ID, APCA_API_SECRET_KEY, paper=False)
