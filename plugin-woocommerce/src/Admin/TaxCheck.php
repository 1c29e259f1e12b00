<?php

namespace ExactSidecar\Admin;

/**
 * Warnings about shop tax settings that make order totals wrong or hard to book in Exact Online.
 */
final class TaxCheck
{
    /**
     * @param array<string,string> $options WooCommerce options (woocommerce_* without the prefix)
     * @return string[]
     */
    public static function warnings(array $options): array
    {
        $warnings = [];
        $country = trim((string) ($options['default_country'] ?? ''));
        $currency = (string) ($options['currency'] ?? '');
        if ($country === '') {
            $warnings[] = __(
                'The store has no base country (WooCommerce > Settings > General). Taxes are worked out '
                . 'from it, so order totals will be wrong.',
                'exact-sidecar'
            );
        } elseif (strpos($country, 'US') === 0 && $currency === 'EUR') {
            $warnings[] = __(
                'The store base country is still the United States while prices are in euro. With prices '
                . 'entered including VAT this adds VAT on top of them: set your own country under '
                . 'WooCommerce > Settings > General.',
                'exact-sidecar'
            );
        }
        if (($options['calc_taxes'] ?? 'no') !== 'yes') {
            $warnings[] = __(
                'Taxes are disabled (WooCommerce > Settings > General > Enable taxes): orders carry no VAT, '
                . 'and Exact Online would book them without VAT.',
                'exact-sidecar'
            );
        }
        if (($options['tax_round_at_subtotal'] ?? 'no') === 'yes') {
            $warnings[] = __(
                '"Round tax at subtotal level" is on: order totals can then differ by a cent from the sum of '
                . 'their lines, and such orders may fail in Exact Online. Turning it off is recommended.',
                'exact-sidecar'
            );
        }
        return $warnings;
    }

    /**
     * The options above, read from WordPress.
     *
     * @return array<string,string>
     */
    public static function currentOptions(): array
    {
        $out = [];
        foreach (['default_country', 'currency', 'calc_taxes', 'tax_round_at_subtotal', 'prices_include_tax'] as $key) {
            $out[$key] = (string) get_option('woocommerce_' . $key, '');
        }
        return $out;
    }
}
