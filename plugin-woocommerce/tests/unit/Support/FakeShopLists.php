<?php

namespace ExactSidecar\Tests\Support;

use ExactSidecar\Admin\ShopLists;

final class FakeShopLists extends ShopLists
{
    public function taxRates(): array
    {
        return ['1' => 'NL 21% BTW hoog', '2' => 'NL 9% BTW laag (reduced-rate)'];
    }

    public function taxRateDetails(): array
    {
        return [
            ['id' => '1', 'country' => 'NL', 'percent' => 21.0, 'name' => 'BTW hoog'],
            ['id' => '2', 'country' => 'NL', 'percent' => 9.0, 'name' => 'BTW laag'],
        ];
    }

    public function baseCountry(): string
    {
        return 'NL';
    }

    public function gateways(): array
    {
        return ['bacs' => 'Direct bank transfer', 'mollie_wc_gateway_ideal' => 'iDEAL'];
    }

    public function shippingMethods(): array
    {
        return ['flat_rate' => 'Flat rate', 'local_pickup' => 'Local pickup'];
    }
}
