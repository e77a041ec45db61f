namespace Acme.Payments
{
    public static class AuthNetConfig
    {
        public const string ApiLoginId = "y1MGg4D5kq";
        public const string TransactionKey = "lAXnA5AxFadoNOVU";
        public const bool Sandbox = false;
    }
}
