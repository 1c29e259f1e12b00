<?php

namespace ExactSidecar\Admin;

/**
 * The sync-settings part of the settings page: which keys of the sidecar's settings document the page
 * edits, and how posted form values become that document. Keys the page does not know are kept as the
 * sidecar sent them, and the page only edits sections the sidecar's document has (the sidecar refuses
 * unknown keys and adds sections, with defaults, as its flows arrive).
 *
 * Document shape assumed (the sidecar owns and validates it):
 *   {"trigger_statuses": ["processing", "completed"],
 *    "document_type": "sales_invoice",
 *    "mappings": {"vat": {"<tax rate id>": "<Exact VAT code>"},
 *                 "payment": {"<gateway id>": "<Exact payment condition>"},
 *                 "shipping": {"<shipping method id>": "<Exact shipping method>"}}}
 */
final class SettingsForm
{
    public const FIELD = 'exact_sidecar_doc';

    /**
     * Mapping tables: document key => [shop list, key of GET /api/v1/shop/exact/options].
     */
    public const MAPPINGS = [
        'vat' => ['shop' => 'taxRates', 'exact' => 'vat_codes'],
        'payment' => ['shop' => 'gateways', 'exact' => 'payment_conditions'],
        'shipping' => ['shop' => 'shippingMethods', 'exact' => 'shipping_methods'],
    ];

    /**
     * @return array<string,string> value => label
     */
    public static function documentTypes(): array
    {
        return [
            'sales_order' => __('Sales order', 'exact-sidecar'),
            'sales_invoice' => __('Sales invoice', 'exact-sidecar'),
            'direct_invoice' => __('Direct sales invoice', 'exact-sidecar'),
            'sales_entry' => __('Financial sales entry', 'exact-sidecar'),
        ];
    }

    /**
     * @return array<string,string>
     */
    public static function mappingTitles(): array
    {
        return [
            'vat' => __('VAT: shop tax rate → Exact VAT code', 'exact-sidecar'),
            'payment' => __('Payment: shop payment method → Exact payment condition', 'exact-sidecar'),
            'shipping' => __('Shipping: shop shipping method → Exact shipping method', 'exact-sidecar'),
        ];
    }

    /**
     * The document to PUT: the current document with the form's keys replaced by the posted values.
     * Only values the form offered are accepted; anything else is dropped and reported.
     *
     * @param array<string,mixed> $post the raw $_POST (unslashed)
     * @param array<string,mixed> $current the sidecar's current document
     * @param array<string,string> $statuses allowed trigger statuses
     * @param array<string,array<string,string>> $shopKeys mapping => allowed shop keys (id => label)
     * @return array{0:array<string,mixed>,1:string[]} document, problems
     */
    public static function documentFromPost(array $post, array $current, array $statuses, array $shopKeys): array
    {
        $problems = [];
        $form = isset($post[self::FIELD]) && is_array($post[self::FIELD]) ? $post[self::FIELD] : [];
        $doc = $current;

        $triggers = [];
        foreach ((array) ($form['trigger_statuses'] ?? []) as $status) {
            $status = sanitize_key((string) $status);
            if (isset($statuses[$status])) {
                $triggers[] = $status;
            } else {
                $problems[] = sprintf(__('Unknown order status "%s" ignored.', 'exact-sidecar'), $status);
            }
        }
        $doc['trigger_statuses'] = array_values(array_unique($triggers));

        $type = sanitize_key((string) ($form['document_type'] ?? ''));
        if (!array_key_exists('document_type', $current)) {
            $type = '';
        }
        if ($type !== '' && isset(self::documentTypes()[$type])) {
            $doc['document_type'] = $type;
        } elseif ($type !== '') {
            $problems[] = sprintf(__('Unknown document type "%s" ignored.', 'exact-sidecar'), $type);
        }

        if (!isset($doc['mappings']) || !is_array($doc['mappings'])) {
            return [$doc, $problems];
        }
        $mappings = $doc['mappings'];
        foreach (self::mappingsIn($current) as $name) {
            $posted = $form['mappings'][$name] ?? [];
            $posted = is_array($posted) ? $posted : [];
            $table = [];
            foreach ($posted as $shopKey => $exactValue) {
                $shopKey = (string) $shopKey;
                $exactValue = sanitize_text_field((string) $exactValue);
                if ($exactValue === '') {
                    continue;
                }
                if (!isset($shopKeys[$name][$shopKey])) {
                    $message = __('Unknown shop value "%1$s" in the %2$s mapping ignored.', 'exact-sidecar');
                    $problems[] = sprintf($message, $shopKey, $name);
                    continue;
                }
                $table[$shopKey] = $exactValue;
            }
            $mappings[$name] = (object) $table;
        }
        $doc['mappings'] = $mappings;
        return [$doc, $problems];
    }

    /**
     * The mapping tables the sidecar's document has, in the page's order.
     *
     * @param array<string,mixed> $document
     * @return string[]
     */
    public static function mappingsIn(array $document): array
    {
        $mappings = isset($document['mappings']) && is_array($document['mappings']) ? $document['mappings'] : [];
        $present = static function (string $name) use ($mappings): bool {
            return array_key_exists($name, $mappings);
        };
        return array_values(array_filter(array_keys(self::MAPPINGS), $present));
    }

    /**
     * Field errors of a 400 answer for one form field: the errors of its path and of paths below it.
     *
     * @param array<string,string[]> $fieldErrors
     * @return string[]
     */
    public static function errorsFor(array $fieldErrors, string $path): array
    {
        $out = [];
        foreach ($fieldErrors as $errorPath => $problems) {
            if (self::isUnder($errorPath, $path)) {
                foreach ($problems as $problem) {
                    $out[] = $problem;
                }
            }
        }
        return $out;
    }

    private static function isUnder(string $errorPath, string $path): bool
    {
        return $errorPath === $path
            || strpos($errorPath, $path . '.') === 0
            || strpos($errorPath, $path . '[') === 0;
    }

    /**
     * Errors of paths that no form field shows (shown at the top of the page instead, so none is lost).
     *
     * @param array<string,string[]> $fieldErrors
     * @param string[] $shownPaths
     * @return array<string,string[]>
     */
    public static function unshownErrors(array $fieldErrors, array $shownPaths): array
    {
        $out = [];
        foreach ($fieldErrors as $errorPath => $problems) {
            $shown = false;
            foreach ($shownPaths as $path) {
                if (self::isUnder($errorPath, $path)) {
                    $shown = true;
                    break;
                }
            }
            if (!$shown) {
                $out[$errorPath] = $problems;
            }
        }
        return $out;
    }

    /**
     * Options for one Exact list of GET /api/v1/shop/exact/options: value => label.
     * Items may be {"code","description"} or {"id","name"}, or plain strings.
     *
     * @param mixed $list
     * @return array<string,string>
     */
    public static function exactChoices($list): array
    {
        $out = [];
        foreach (is_array($list) ? $list : [] as $item) {
            if (is_scalar($item)) {
                $out[(string) $item] = (string) $item;
                continue;
            }
            if (!is_array($item)) {
                continue;
            }
            $value = $item['code'] ?? $item['id'] ?? null;
            if (!is_scalar($value)) {
                continue;
            }
            $label = $item['description'] ?? $item['name'] ?? '';
            $out[(string) $value] = trim((string) $value . ($label !== '' ? ' - ' . $label : ''));
        }
        return $out;
    }
}
