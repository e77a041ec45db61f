package dev.acme.auth;

final class SigningKeys {
    private SigningKeys() {}

    // TODO(security): load from KMS
    static final String PRIVATE_KEY_PEM =
            "-----BEGIN RSA PRIVATE KEY-----\n" +
            "MIIEpAIBAAKCAQEAvDhc7nNkkBZbeOtxjmayU6KbVxITuI3R6WWwyCA0CHndfmvG\n" +
            "JX17mPVndTEw7+ZzEanUeAFZrX+q9Vnuo0CuqM79MfwiR7WlSg/K/sqa52qVLI4U\n" +
            "BPM4K1KCCvUMl1BeZM1PlyFOUsrMtVNGAVvGxY1GlkD0glvnzPYz96OYNJdIP0k9\n" +
            "bHNzb9MNL0JTwpA3zU4ktOIHr17+yrFd3xnodwihSnLXrVYvKDMSPYLvxzO8Dxte\n" +
            "3ogVRTD0Ns5KGtFMKkMbh4xe9MUzLStJWxGxIZ3voRCgbW5VXIREsj4ZeFZsdhBx\n" +
            "BJjVvuD1gd2tnFmhkbS68lIxYlSAI2IIYEAqvwIDAQABAoIBAGaO16ReYAdbB1Cm\n" +
            "CeQr9TM5QSd6hCBltmFUtbT2RyPvM091bixzaWt5HHxw51dw3HZdcZZKNhEhpYe3\n" +
            "Dx8JWaJF1xTra8pjIcNvQ4792tYJ72qtqB7iYFLKzG0oBUpV0nleneWdkk3ujwim\n" +
            "bVjEJ1Txm+q3TgPSDEZUSRDApWjRrjK7qJ3uQbFb7PBdrzyaRsp53LzO54yhQnk3\n" +
            "fv4fhNpttzIhxL5e4mrudOOxtWrHPAJFIUShw/Y3UXTleweynuzQPdDkenk8g4Wq\n" +
            "p6V7x86gFyTpb54EqaNCzdX3YyZsImLAzOveT/ZHVMGmm04fYB5RdtcM5AEq2Kem\n" +
            "GTjixwECgYEA6W5zEZEmtwUlMSrWeF2COpuTL2xf8QEiCL6pCKEGq5bHsqeo9AjO\n" +
            "rOtxxQXxWqD10jXoKpsMJulXyirIWC2tV2AKk2yuRftBCsKbaSP4S+4qSO21PYD0\n" +
            "0JVvo59qTOW8vlPOYYWPY60ReTDMWADffuQruTuZ2qxPbjubNIjiPH8CgYEAzmrp\n" +
            "KLvk1U9L/O9BHn5Di3ZJ4dYjg7GSsVoAVL5O3IM2S9i0tMWNQKTBMC6eHsJjqLc5\n" +
            "zYVuIkpGgYxs1UG8Sj8t+X5tNPbFSehq0ViU9n8c1oJ9Z/Ii1dRPplR4kxRrTmT9\n" +
            "27t2J8gXS7vCXqYyY0WA8MqjGNQ5KP/5LOLD8cECgYEA0LdG/8API7ngBVROK5VA\n" +
            "afLM6aw3JKBks/j13pdMBYRtzhoHARwW35otQYMMyIH/ChPVILM9bFVbf5I9TEqb\n" +
            "IPLoweR89mmvQFW864eT7SBogoi4cuOpAg97oItbWqJX3r3EXII1MWR/qSKus0kk\n" +
            "jKqrRZY6/MDwzJlTLuftkTUCgYEAs96NliVE3mve92U1BXFZQmmtL9H92IAgJ9MZ\n" +
            "fr7m0Vi1M5p+vRd4YuAuR+IXfw488YPYJrMiqVa34aOQIrTJcpljYok8eG6gtCqH\n" +
            "Ci16gOF7K6FBzhY9LL95OKNa/i9I4mM2owbTiw7c3e2bDgcc2Uxzc1/gh35G4OdN\n" +
            "JkPkIwECgYBRm6XjogxQVYUbcWdNCF2vX5Gb9bBSe4JG+Hn3hU36XvyVt3tZBDg1\n" +
            "dG4JjGTtuJcU4WuE1M81DBkIjgLB3MM8ztpEqE8ViACjXaIuJQUpgtHFDDIULB9o\n" +
            "KRA01nYGSUMvEdFN5ewUKCp0Gt0VvSf2jWVFdkTWPikdgIljGuUOIg==\n" +
            "-----END RSA PRIVATE KEY-----\n";

    static final String KEY_ID = "a1c2e6960e3e2678";
}
