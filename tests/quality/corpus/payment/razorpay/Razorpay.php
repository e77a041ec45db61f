<?php
namespace App\Payments;

use Razorpay\Api\Api;

class Razorpay
{
    private const KEY_ID = 'rzp_live_PNeKITECEZaeuu';
    private const KEY_SECRET = '87r1RkZSLISy0qLDpwnfFMF6';

    public static function client(): Api
    {
        return new Api(self::KEY_ID, self::KEY_SECRET);
    }
}
