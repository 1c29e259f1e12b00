<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Settings;

use ExactSidecar\Connector\Model\Config;

/**
 * Every single-value setting of the sidecar's settings document beyond the document section, with the
 * configuration field that edits it (etc/adminhtml/system.xml, one group per section) and how its value is read.
 *
 * The keys are the document's own paths (`revenue.domestic`): the sidecar names a setting by that key when an
 * order fails for want of it (its tests check that every key it can name is a field here). Magento keeps every
 * value as text; a code left empty is null, a number left empty falls back to the sidecar's default, and a key
 * the document does not have is only written when it differs from that default.
 */
class Sections
{
    public const EXACT = 'exact';
    public const ITEM = 'item';
    public const CHOICE = 'choice';
    public const FLAG = 'flag';
    public const TEXT = 'text';
    public const TEMPLATE = 'template';
    public const DECIMAL = 'decimal';
    public const INTEGER = 'integer';
    public const COUNTRY = 'country';

    /** settings path => [configuration path, kind] */
    public const FIELDS = [
        'customers.mode' => [Config::XML_PATH_CUSTOMERS_MODE, self::CHOICE],
        'customers.default_debtor' => ['exact_sidecar/customers/default_debtor', self::TEXT],
        'customers.match' => [Config::XML_PATH_CUSTOMERS_MATCH, self::CHOICE],
        'customers.match_meta_key' => ['exact_sidecar/customers/match_meta_key', self::TEXT],
        'customers.update_existing' => [Config::XML_PATH_CUSTOMERS_UPDATE_EXISTING, self::FLAG],
        'customers.non_customer' => [Config::XML_PATH_CUSTOMERS_NON_CUSTOMER, self::CHOICE],
        'customers.new_account.classification' => ['exact_sidecar/customers/new_account_classification', self::EXACT],
        'customers.new_account.payment_condition' => [
            'exact_sidecar/customers/new_account_payment_condition',
            self::EXACT,
        ],
        'items.missing_sku' => [Config::XML_PATH_ITEMS_MISSING_SKU, self::CHOICE],
        'items.fallback_item' => ['exact_sidecar/items/fallback_item', self::ITEM],
        'items.item_group' => ['exact_sidecar/items/item_group', self::EXACT],
        'items.no_sku_item' => ['exact_sidecar/items/no_sku_item', self::ITEM],
        'vat.untaxed' => ['exact_sidecar/vat/untaxed', self::EXACT],
        'vat.reverse_charge' => ['exact_sidecar/vat/reverse_charge', self::EXACT],
        'vat.export' => ['exact_sidecar/vat/export', self::EXACT],
        'revenue.home_country' => [Config::XML_PATH_REVENUE_HOME_COUNTRY, self::COUNTRY],
        'revenue.domestic' => ['exact_sidecar/revenue/domestic', self::EXACT],
        'revenue.eu' => ['exact_sidecar/revenue/eu', self::EXACT],
        'revenue.outside_eu' => ['exact_sidecar/revenue/outside_eu', self::EXACT],
        'shipping.item' => ['exact_sidecar/shipping_costs/item', self::ITEM],
        'shipping.gl_account' => ['exact_sidecar/shipping_costs/gl_account', self::EXACT],
        'payment.default_condition' => ['exact_sidecar/payments/default_condition', self::EXACT],
        'discounts.mode' => [Config::XML_PATH_DISCOUNTS_MODE, self::CHOICE],
        'discounts.item' => ['exact_sidecar/discounts/item', self::ITEM],
        'discounts.gl_account' => ['exact_sidecar/discounts/gl_account', self::EXACT],
        'dimensions.cost_center' => ['exact_sidecar/dimensions/cost_center', self::EXACT],
        'dimensions.cost_unit' => ['exact_sidecar/dimensions/cost_unit', self::EXACT],
        'free_fields.your_ref' => [Config::XML_PATH_FREE_FIELDS_YOUR_REF, self::TEMPLATE],
        'free_fields.description' => [Config::XML_PATH_FREE_FIELDS_DESCRIPTION, self::TEMPLATE],
        'free_fields.remarks' => [Config::XML_PATH_FREE_FIELDS_REMARKS, self::TEMPLATE],
        'rounding.tolerance' => [Config::XML_PATH_ROUNDING_TOLERANCE, self::DECIMAL],
        'rounding.item' => ['exact_sidecar/rounding/item', self::ITEM],
        'rounding.gl_account' => ['exact_sidecar/rounding/gl_account', self::EXACT],
        'pushback.enabled' => [Config::XML_PATH_STATUS_BACK_ENABLED, self::FLAG],
        'pushback.poll_minutes' => [Config::XML_PATH_STATUS_BACK_POLL_MINUTES, self::INTEGER],
        'refunds.enabled' => [Config::XML_PATH_REFUNDS_ENABLED, self::FLAG],
        'refunds.amount_item' => ['exact_sidecar/refunds/amount_item', self::ITEM],
        'refunds.amount_gl_account' => ['exact_sidecar/refunds/amount_gl_account', self::EXACT],
        'refunds.cancelled' => [Config::XML_PATH_REFUNDS_CANCELLED, self::CHOICE],
    ];

    /** The choices of the CHOICE fields (the sidecar's own values). */
    public const CHOICES = [
        'customers.mode' => ['match_or_create', 'default_debtor'],
        'customers.match' => ['email', 'customer_number', 'vat_number'],
        'customers.non_customer' => ['make_customer', 'new_account'],
        'items.missing_sku' => ['fail', 'fallback_item', 'create_item'],
        'discounts.mode' => ['line', 'separate_line'],
        'refunds.cancelled' => ['credit', 'flag', 'ignore'],
    ];

    /** The sidecar's defaults other than null (docs/contract.md). */
    public const DEFAULTS = [
        'customers.mode' => 'match_or_create',
        'customers.match' => 'email',
        'customers.update_existing' => false,
        'customers.non_customer' => 'make_customer',
        'items.missing_sku' => 'fail',
        'revenue.home_country' => 'NL',
        'discounts.mode' => 'line',
        'free_fields.your_ref' => '{number}',
        'free_fields.description' => '{shop_name} #{number}',
        'free_fields.remarks' => '',
        'rounding.tolerance' => '0.02',
        'pushback.enabled' => true,
        'pushback.poll_minutes' => 5,
        'refunds.enabled' => true,
        'refunds.cancelled' => 'flag',
    ];

    /**
     * The field's configuration value for a document (Yes/No as "1"/"0").
     *
     * @param array<string, mixed> $document
     */
    public static function fieldValue(array $document, string $path): string
    {
        $kind = self::FIELDS[$path][1];
        $value = self::has($document, $path) ? self::get($document, $path) : (self::DEFAULTS[$path] ?? null);
        if ($kind === self::FLAG) {
            return !empty($value) ? '1' : '0';
        }
        return is_scalar($value) && !is_bool($value) ? trim((string) $value) : '';
    }

    /**
     * The document with every field applied from its stored configuration value.
     *
     * @param array<string, mixed> $document
     * @param callable(string): string $raw configuration path => stored value
     * @return array<string, mixed>
     */
    public static function applyAll(array $document, callable $raw): array
    {
        foreach (self::FIELDS as $path => [$configPath, $kind]) {
            $value = self::documentValue($path, $kind, $raw($configPath));
            $present = self::has($document, $path);
            if (!$present && ($value === null || $value === (self::DEFAULTS[$path] ?? null))) {
                continue;
            }
            if ($value === null && in_array($kind, [self::INTEGER, self::DECIMAL, self::COUNTRY], true)) {
                $document = self::without($document, $path);
                continue;
            }
            $document = self::set($document, $path, $value);
        }
        return $document;
    }

    /**
     * @return mixed
     */
    private static function documentValue(string $path, string $kind, string $stored)
    {
        $text = trim($stored);
        switch ($kind) {
            case self::FLAG:
                return $text === '1';
            case self::TEMPLATE:
                return $text;
            case self::CHOICE:
                // a value the sidecar does not offer goes as stored: it says beside the field what it needs
                return $text === '' ? (self::DEFAULTS[$path] ?? null) : $text;
            case self::COUNTRY:
                return $text === '' ? null : strtoupper($text);
            case self::INTEGER:
                return $text === '' ? null : (preg_match('/^-?\d+$/', $text) ? (int) $text : $text);
            case self::DECIMAL:
                return $text === '' ? null : str_replace(',', '.', $text);
            default: // EXACT, ITEM, TEXT: a code
                return $text === '' ? null : $text;
        }
    }

    /**
     * @param array<string, mixed> $document
     */
    public static function has(array $document, string $path): bool
    {
        $parts = explode('.', $path);
        $last = array_pop($parts);
        $inner = $parts === [] ? $document : self::get($document, implode('.', $parts));
        return is_array($inner) && array_key_exists($last, $inner);
    }

    /**
     * @param array<string, mixed> $document
     * @return mixed
     */
    public static function get(array $document, string $path)
    {
        $value = $document;
        foreach (explode('.', $path) as $part) {
            if (!is_array($value) || !array_key_exists($part, $value)) {
                return null;
            }
            $value = $value[$part];
        }
        return $value;
    }

    /**
     * @param array<string, mixed> $document
     * @param mixed $value
     * @return array<string, mixed>
     */
    private static function set(array $document, string $path, $value): array
    {
        $parts = explode('.', $path);
        $key = array_shift($parts);
        if ($parts === []) {
            $document[$key] = $value;
            return $document;
        }
        $inner = isset($document[$key]) && is_array($document[$key]) ? $document[$key] : [];
        $document[$key] = self::set($inner, implode('.', $parts), $value);
        return $document;
    }

    /**
     * @param array<string, mixed> $document
     * @return array<string, mixed>
     */
    private static function without(array $document, string $path): array
    {
        $parts = explode('.', $path);
        $key = array_shift($parts);
        if ($parts === []) {
            unset($document[$key]);
        } elseif (isset($document[$key]) && is_array($document[$key])) {
            $document[$key] = self::without($document[$key], implode('.', $parts));
        }
        return $document;
    }
}
