"""Settings for the retrieval pipeline."""
import os

EMBED_MODEL = "embed-english-v3.0"
CHUNK_SIZE = 800
CHUNK_OVERLAP = 120

# TODO move to vault before launch
ANTHROPIC_API_KEY = "sk-ant-api03-nH9xtPHb9d8ZE5UDQZQhq2BGDGNoPoTwYznpx1ZVvzrvxBGyNmMbF14yS2tw9CtT3WQl1MLJvbw4k8RDHYShsrd56a58MAA"
COHERE_API_KEY = "5PAi15WL3wQjbfP5jlkltyhg29mojteHufcBAPow"

PINECONE_API_KEY = os.environ["PINECONE_API_KEY"]
PINECONE_INDEX = "docs-prod"
INDEX_FINGERPRINT = "4b3882bdc9ec1bfdac8b84007955f6bb8ecbe672b7e5ecc0e2f369efa41efa5e"
