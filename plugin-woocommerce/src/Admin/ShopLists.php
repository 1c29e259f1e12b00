<?php

namespace ExactSidecar\Admin;

/**
 * The shop's own lists for the mapping tables: tax rates, payment gateways, shipping methods.
 * Not final: tests substitute fixed lists.
 */
class ShopLists
{
    /**
     * @return array<string,string> rate id => label
     */
    public function taxRates(): array
    {
        if (!class_exists('WC_Tax')) {
            return [];
        }
        $rates = [];
        $classes = array_merge([''], \WC_Tax::get_tax_class_slugs());
        foreach ($classes as $class) {
            foreach (\WC_Tax::get_rates_for_tax_class($class) as $rate) {
                $label = sprintf(
                    '%s %s%% %s%s',
                    $rate->tax_rate_country !== '' ? $rate->tax_rate_country : '*',
                    rtrim(rtrim((string) $rate->tax_rate, '0'), '.'),
                    $rate->tax_rate_name,
                    $class !== '' ? ' (' . $class . ')' : ''
                );
                $rates[(string) $rate->tax_rate_id] = trim($label);
            }
        }
        return $rates;
    }

    /**
     * The tax rates as the sidecar's proposal reads them: id, country ("" for every country), percent, name.
     *
     * @return array<int,array{id:string,country:string,percent:float,name:string}>
     */
    public function taxRateDetails(): array
    {
        if (!class_exists('WC_Tax')) {
            return [];
        }
        $out = [];
        foreach (array_merge([''], \WC_Tax::get_tax_class_slugs()) as $class) {
            foreach (\WC_Tax::get_rates_for_tax_class($class) as $rate) {
                $out[] = [
                    'id' => (string) $rate->tax_rate_id,
                    'country' => strtoupper((string) $rate->tax_rate_country),
                    'percent' => (float) $rate->tax_rate,
                    'name' => (string) $rate->tax_rate_name,
                ];
            }
        }
        return $out;
    }

    /** The store's base country (WooCommerce > Settings > General), "" when unset. */
    public function baseCountry(): string
    {
        if (!function_exists('WC') || !WC()->countries) {
            return '';
        }
        return strtoupper((string) WC()->countries->get_base_country());
    }

    /**
     * @return array<string,string> gateway id => title
     */
    public function gateways(): array
    {
        if (!function_exists('WC') || !WC()->payment_gateways()) {
            return [];
        }
        $out = [];
        foreach (WC()->payment_gateways()->payment_gateways() as $id => $gateway) {
            $title = method_exists($gateway, 'get_method_title') ? $gateway->get_method_title() : $gateway->title;
            $out[(string) $id] = wp_strip_all_tags((string) $title);
        }
        return $out;
    }

    /**
     * @return array<string,string> shipping method id => title
     */
    public function shippingMethods(): array
    {
        if (!function_exists('WC') || !WC()->shipping()) {
            return [];
        }
        $out = [];
        foreach (WC()->shipping()->get_shipping_methods() as $id => $method) {
            $out[(string) $id] = wp_strip_all_tags((string) $method->get_method_title());
        }
        return $out;
    }

    /**
     * @return array<string,string> status without "wc-" => label
     */
    public function orderStatuses(): array
    {
        $out = [];
        foreach (wc_get_order_statuses() as $key => $label) {
            $out[(string) preg_replace('/^wc-/', '', (string) $key)] = (string) $label;
        }
        return $out;
    }
}
