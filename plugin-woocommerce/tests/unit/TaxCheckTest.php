<?php

namespace ExactSidecar\Tests;

use ExactSidecar\Admin\TaxCheck;
use ExactSidecar\Tests\Support\TestCase;

final class TaxCheckTest extends TestCase
{
    private const GOOD = ['default_country' => 'NL', 'currency' => 'EUR', 'calc_taxes' => 'yes', 'tax_round_at_subtotal' => 'no'];

    public function testTheFixtureShopsSettingsGiveNoWarning(): void
    {
        $this->assertSame([], TaxCheck::warnings(self::GOOD));
    }

    public function testMissingBaseCountry(): void
    {
        $warnings = TaxCheck::warnings(['default_country' => ''] + self::GOOD);
        $this->assertCount(1, $warnings);
        $this->assertStringContainsString('no base country', $warnings[0]);
    }

    public function testDefaultUsBaseCountryWithEuro(): void
    {
        $warnings = TaxCheck::warnings(['default_country' => 'US:CA'] + self::GOOD);
        $this->assertCount(1, $warnings);
        $this->assertStringContainsString('United States', $warnings[0]);
        $this->assertSame([], TaxCheck::warnings(['default_country' => 'US:CA', 'currency' => 'USD'] + self::GOOD));
    }

    public function testTaxesDisabledAndSubtotalRounding(): void
    {
        $warnings = TaxCheck::warnings(['calc_taxes' => 'no', 'tax_round_at_subtotal' => 'yes'] + self::GOOD);
        $this->assertCount(2, $warnings);
        $this->assertStringContainsString('Taxes are disabled', $warnings[0]);
        $this->assertStringContainsString('Round tax at subtotal level', $warnings[1]);
    }

    public function testReadsWooCommerceOptions(): void
    {
        update_option('woocommerce_default_country', 'NL');
        update_option('woocommerce_calc_taxes', 'yes');
        $options = TaxCheck::currentOptions();
        $this->assertSame('NL', $options['default_country']);
        $this->assertSame('yes', $options['calc_taxes']);
    }
}
