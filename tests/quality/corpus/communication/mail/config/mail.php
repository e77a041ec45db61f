<?php

return [
    'default' => env('MAIL_MAILER', 'sendgrid'),
    'mailers' => [
        'sendgrid' => [
            'transport' => 'sendgrid',
            'api_key' => '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',
        ],
        'mailgun' => [
            'transport' => 'mailgun',
            'domain' => 'mg.acme-mail.com',
            'secret' => 'key-e7d34cb8e70032cc409e83427426047f',
            'endpoint' => 'api.eu.mailgun.net',
        ],
    ],
    'from' => ['address' => 'noreply@acme-mail.com', 'name' => 'Acme'],
];
