<?php

namespace ExactSidecar\Admin;

/**
 * The sync-settings part of the settings page: the parts of the sidecar's settings document (contract
 * version 1) the page edits, how posted form values become that document, and where the sidecar's field
 * errors belong on the page.
 *
 * The page edits:
 *   trigger_statuses                    ["processing", "completed"]
 *   document.type|journal|process|email_customer|warehouse
 *   vat.rates        rows {"shop_rate": "<tax rate id>", "country": null, "percent": null, "exact": "<VAT code>"}
 *   payment.methods  rows {"shop": "<gateway id>", "exact": "<payment condition>", "journal": "<journal>"|null}
 *   shipping.methods rows {"shop": "<shipping method id>", "exact": "<Exact shipping method>"}
 *   every single-value setting of the other sections (SettingsSections: customers, items, vat, revenue,
 *   shipping, payment, discounts, dimensions, free_fields, rounding, pushback, refunds)
 * Everything else (rows by country, cost-centre rules, meta fields, status rules, VAT rows by country and
 * percentage, rows for values this shop does not list) goes back to the sidecar exactly as it came: a PUT
 * replaces the whole document.
 *
 * Posted form (under FIELD): trigger_statuses[], document[type|journal|process|email_customer|warehouse],
 * vat[<rate id>], payment[<gateway id>][exact|journal], shipping[<method id>], s[<dotted path>]. Values that
 * name something in Exact are Exact codes (trimmed); an empty choice is null (or no row).
 */
final class SettingsForm
{
    public const FIELD = 'exact_sidecar_doc';

    /** Document types each document field applies to (the page hides the field for the others). */
    public const APPLIES = [
        'journal' => ['sales_invoice', 'direct_invoice', 'sales_entry'],
        'process' => ['sales_invoice', 'direct_invoice'],
        'email_customer' => ['sales_invoice', 'direct_invoice'],
        'warehouse' => ['direct_invoice'],
    ];

    /** Exact journal types offered: sales (20) and returns (21) for the document, cash (10) and bank (12) for payments. */
    public const SALES_JOURNALS = [20, 21];
    public const PAYMENT_JOURNALS = [10, 12];

    /** Mapping tables the page edits: name => shop list (ShopLists method). */
    public const MAPPINGS = [
        'vat' => 'taxRates',
        'payment' => 'gateways',
        'shipping' => 'shippingMethods',
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
            'payment' => __('Payment: shop payment method → Exact payment condition and journal', 'exact-sidecar'),
            'shipping' => __('Shipping: shop shipping method → Exact shipping method', 'exact-sidecar'),
        ];
    }

    // ---- document -> form ------------------------------------------------------------------------------

    /**
     * The form values for a document, in the shape the form posts (so the page renders what it will post).
     *
     * @param array<string,mixed> $doc
     * @return array<string,mixed>
     */
    public static function formValues(array $doc): array
    {
        $document = self::section($doc, 'document');
        $values = [
            'trigger_statuses' => array_values(array_map('strval', self::listOf($doc['trigger_statuses'] ?? []))),
            'document' => [
                'type' => (string) ($document['type'] ?? 'sales_order'),
                'journal' => self::code($document['journal'] ?? null) ?? '',
                'process' => !empty($document['process']) ? '1' : '',
                'email_customer' => !empty($document['email_customer']) ? '1' : '',
                'warehouse' => self::code($document['warehouse'] ?? null) ?? '',
            ],
            'vat' => [],
            'payment' => [],
            'shipping' => [],
            SettingsSections::KEY => [],
            SettingsSections::ROWS => [],
        ];
        foreach (SettingsSections::fields() as $path => [$kind]) {
            $value = SettingsSections::has($doc, $path)
                ? SettingsSections::get($doc, $path)
                : SettingsSections::DEFAULTS[$path] ?? null;
            $values[SettingsSections::KEY][$path] = SettingsSections::formValue($kind, $value);
        }
        foreach (array_keys(SettingsSections::rowTables()) as $path) {
            $values[SettingsSections::ROWS][$path] = self::listOf(SettingsSections::get($doc, $path));
        }
        foreach (self::listOf(self::section($doc, 'vat')['rates'] ?? []) as $row) {
            $rate = self::plainRate($row);
            if ($rate !== null && !isset($values['vat'][$rate])) {
                $values['vat'][$rate] = self::code($row['exact'] ?? null) ?? '';
            }
        }
        foreach (self::listOf(self::section($doc, 'payment')['methods'] ?? []) as $row) {
            $shop = self::rowShop($row);
            if ($shop !== null && !isset($values['payment'][$shop])) {
                $values['payment'][$shop] = [
                    'exact' => self::code($row['exact'] ?? null) ?? '',
                    'journal' => self::code($row['journal'] ?? null) ?? '',
                ];
            }
        }
        foreach (self::listOf(self::section($doc, 'shipping')['methods'] ?? []) as $row) {
            $shop = self::rowShop($row);
            if ($shop !== null && !isset($values['shipping'][$shop])) {
                $values['shipping'][$shop] = self::code($row['exact'] ?? null) ?? '';
            }
        }
        return $values;
    }

    /**
     * How many rows of a mapping table the form does not show (kept as they are on save).
     *
     * @param array<string,mixed> $doc
     * @param array<string,string> $shopList the shop values the form shows
     */
    public static function keptRows(array $doc, string $name, array $shopList): int
    {
        $kept = 0;
        $seen = [];
        $section = self::section($doc, $name);
        $table = $name === 'vat' ? $section['rates'] ?? [] : $section['methods'] ?? [];
        foreach (self::listOf($table) as $row) {
            $key = $name === 'vat' ? self::plainRate($row) : self::rowShop($row);
            if ($key === null || !isset($shopList[$key]) || isset($seen[$key])) {
                $kept++;
                continue;
            }
            $seen[$key] = true;
        }
        return $kept;
    }

    // ---- form -> document ------------------------------------------------------------------------------

    /**
     * The document to PUT: the current document with the parts the form shows replaced by the posted values.
     * Only values the form offered are accepted; anything else is dropped and reported. Also returns where
     * each edited table row ended up (`vat.rates[3]` => `vat.1`), to put the sidecar's errors next to it.
     *
     * @param array<string,mixed> $post the raw $_POST (unslashed)
     * @param array<string,mixed> $current the sidecar's current document
     * @param array<string,string> $statuses the shop's order statuses (slug => label)
     * @param array<string,array<string,string>> $shopKeys mapping => shop values the form lists (id => label)
     * @return array{0:array<string,mixed>,1:string[],2:array<string,string>} document, problems, row places
     */
    public static function documentFromPost(array $post, array $current, array $statuses, array $shopKeys): array
    {
        $problems = [];
        $places = [];
        $form = isset($post[self::FIELD]) && is_array($post[self::FIELD]) ? $post[self::FIELD] : [];
        $doc = $current;

        // Statuses the document has but the shop no longer lists are shown too, so they are allowed back.
        $allowed = $statuses;
        foreach (self::listOf($current['trigger_statuses'] ?? []) as $status) {
            $allowed[(string) $status] = (string) $status;
        }
        $triggers = [];
        foreach (self::listOf($form['trigger_statuses'] ?? []) as $status) {
            $status = sanitize_key((string) $status);
            if (isset($allowed[$status])) {
                $triggers[] = $status;
            } else {
                /* translators: %s: order status */
                $problems[] = sprintf(__('Unknown order status "%s" ignored.', 'exact-sidecar'), $status);
            }
        }
        $doc['trigger_statuses'] = array_values(array_unique($triggers));

        if (isset($form['document']) && is_array($form['document'])) {
            [$doc['document'], $more] = self::documentSection(self::section($current, 'document'), $form['document']);
            $problems = array_merge($problems, $more);
        }

        if (isset($form[SettingsSections::KEY]) && is_array($form[SettingsSections::KEY])) {
            $posted = $form[SettingsSections::KEY];
            foreach (SettingsSections::fields() as $path => $field) {
                // An unticked box posts nothing: every field of the form counts, present or not.
                [$value, $problem] = SettingsSections::documentValue($field, $posted[$path] ?? '');
                if ($problem !== null) {
                    $problems[] = $problem;
                    continue;
                }
                $doc = SettingsSections::apply($doc, $path, $field, $value);
            }
        }

        if (isset($form[SettingsSections::ROWS]) && is_array($form[SettingsSections::ROWS])) {
            foreach (SettingsSections::rowTables() as $path => [, , , $columns]) {
                $rows = SettingsSections::postedRows($form[SettingsSections::ROWS][$path] ?? [], $columns);
                if ($rows !== null && ($rows !== [] || SettingsSections::has($doc, $path))) {
                    $kept = self::keepRowKeys(SettingsSections::get($doc, $path), $rows);
                    $doc = SettingsSections::set($doc, $path, $kept);
                }
            }
        }

        $tables = [
            'vat' => ['rates', [self::class, 'vatRow']],
            'payment' => ['methods', [self::class, 'paymentRow']],
            'shipping' => ['methods', [self::class, 'shippingRow']],
        ];
        foreach ($tables as $name => [$key, $build]) {
            if (!isset($form[$name]) || !is_array($form[$name])) {
                continue;
            }
            $posted = [];
            foreach ($form[$name] as $shopKey => $value) {
                $shopKey = (string) $shopKey;
                if (!isset($shopKeys[$name][$shopKey])) {
                    /* translators: 1: shop value such as a tax rate id, 2: vat, payment or shipping */
                    $message = __('Unknown shop value "%1$s" in the %2$s mapping ignored.', 'exact-sidecar');
                    $problems[] = sprintf($message, $shopKey, $name);
                    continue;
                }
                $posted[$shopKey] = $value;
            }
            $section = self::section($current, $name);
            [$section[$key], $rowPlaces] = self::mergeRows($name, self::listOf($section[$key] ?? []), $posted, $build);
            $doc[$name] = $section;
            foreach ($rowPlaces as $index => $shopKey) {
                $places[$name . '.' . $key . '[' . $index . ']'] = $name . '.' . $shopKey;
            }
        }
        return [$doc, $problems, $places];
    }

    /**
     * @param array<string,mixed> $current
     * @param array<string,mixed> $posted
     * @return array{0:array<string,mixed>,1:string[]}
     */
    private static function documentSection(array $current, array $posted): array
    {
        $problems = [];
        $section = $current;
        $type = sanitize_key((string) ($posted['type'] ?? ''));
        if (isset(self::documentTypes()[$type])) {
            $section['type'] = $type;
        } elseif ($type !== '') {
            /* translators: %s: document type */
            $problems[] = sprintf(__('Unknown document type "%s" ignored.', 'exact-sidecar'), $type);
        }
        $type = (string) ($section['type'] ?? 'sales_order');
        $section['journal'] = self::postedCode($posted['journal'] ?? '');
        // Processing (and so e-mailing) only exists for sales invoices; the page hides both for other types, so
        // a tick left from an earlier choice must not make the sidecar refuse the document.
        $invoice = in_array($type, self::APPLIES['process'], true);
        $section['process'] = $invoice && !empty($posted['process']);
        $section['email_customer'] = $invoice && !empty($posted['email_customer']);
        $section['warehouse'] = self::postedCode($posted['warehouse'] ?? '');
        return [$section, $problems];
    }

    /**
     * Posted rows with any keys the document's rows carry that the form does not show (matched by position),
     * so a save keeps them.
     *
     * @param mixed $current
     * @param array<int,array<string,?string>> $rows
     * @return array<int,array<string,mixed>>
     */
    private static function keepRowKeys($current, array $rows): array
    {
        $current = self::listOf($current);
        foreach ($rows as $i => $row) {
            if (isset($current[$i]) && is_array($current[$i])) {
                $rows[$i] = array_replace($current[$i], $row);
            }
        }
        return $rows;
    }

    /**
     * Replaces the rows the form owns (the first row per shop value) in place, drops rows set to "not
     * mapped", appends new ones, keeps every other row as it is.
     *
     * @param array<int,mixed> $rows current rows
     * @param array<string,mixed> $posted shop value => posted value
     * @return array{0:array<int,mixed>,1:array<int,string>} rows, index => shop value of the edited rows
     */
    private static function mergeRows(string $name, array $rows, array $posted, callable $build): array
    {
        $out = [];
        $places = [];
        $seen = [];
        foreach ($rows as $row) {
            $key = $name === 'vat' ? self::plainRate($row) : self::rowShop($row);
            if ($key !== null && array_key_exists($key, $posted) && !isset($seen[$key])) {
                $seen[$key] = true;
                $row = $build($row, $key, $posted[$key]);
                if ($row === null) {
                    continue;
                }
                $places[count($out)] = $key;
            }
            $out[] = $row;
        }
        foreach ($posted as $key => $value) {
            if (isset($seen[$key])) {
                continue;
            }
            $row = $build(null, (string) $key, $value);
            if ($row !== null) {
                $places[count($out)] = (string) $key;
                $out[] = $row;
            }
        }
        return [$out, $places];
    }

    /**
     * @param array<string,mixed>|null $row
     * @param mixed $value
     * @return array<string,mixed>|null
     */
    private static function vatRow(?array $row, string $rate, $value): ?array
    {
        $exact = self::postedCode(is_scalar($value) ? $value : '');
        if ($exact === null) {
            return null;
        }
        $row = $row ?? ['shop_rate' => $rate, 'country' => null, 'percent' => null, 'exact' => null];
        $row['exact'] = $exact;
        return $row;
    }

    /**
     * @param array<string,mixed>|null $row
     * @param mixed $value
     * @return array<string,mixed>|null
     */
    private static function paymentRow(?array $row, string $shop, $value): ?array
    {
        $value = is_array($value) ? $value : ['exact' => $value];
        $exact = self::postedCode(is_scalar($value['exact'] ?? '') ? $value['exact'] ?? '' : '');
        $journal = self::postedCode(is_scalar($value['journal'] ?? '') ? $value['journal'] ?? '' : '');
        if ($exact === null && $journal === null) {
            return null;
        }
        // A journal without a condition is sent as is: the sidecar says next to the field that one is needed.
        $row = $row ?? ['shop' => $shop, 'exact' => null, 'journal' => null];
        $row['exact'] = $exact;
        $row['journal'] = $journal;
        return $row;
    }

    /**
     * @param array<string,mixed>|null $row
     * @param mixed $value
     * @return array<string,mixed>|null
     */
    private static function shippingRow(?array $row, string $shop, $value): ?array
    {
        $exact = self::postedCode(is_scalar($value) ? $value : '');
        if ($exact === null) {
            return null;
        }
        $row = $row ?? ['shop' => $shop, 'exact' => null];
        $row['exact'] = $exact;
        return $row;
    }

    // ---- sidecar errors -> form fields -----------------------------------------------------------------

    /**
     * Puts the field errors of a 400 answer next to the form's fields. Returns [form key => problems] for
     * the fields the page shows (`trigger_statuses`, `document.journal`, `vat.<rate id>`,
     * `payment.<gateway>.exact`, `payment.<gateway>.journal`, `shipping.<method>`) and [path => problems]
     * for the rest, which the page lists at the top.
     *
     * @param array<string,string[]> $fieldErrors
     * @param array<string,string> $places row path => form key, from documentFromPost()
     * @return array{0:array<string,string[]>,1:array<string,string[]>}
     */
    public static function placeErrors(array $fieldErrors, array $places): array
    {
        $placed = [];
        $unplaced = [];
        foreach ($fieldErrors as $path => $problems) {
            $key = self::formKeyFor((string) $path, $places);
            if ($key === null) {
                $unplaced[(string) $path] = $problems;
                continue;
            }
            $placed[$key] = array_merge($placed[$key] ?? [], $problems);
        }
        return [$placed, $unplaced];
    }

    /**
     * @param array<string,string> $places
     */
    public static function formKeyFor(string $path, array $places): ?string
    {
        if (preg_match('/^trigger_statuses(\[\d+\])?$/', $path)) {
            return 'trigger_statuses';
        }
        if ($path === 'document') {
            return 'document.type';
        }
        if (preg_match('/^document\.(type|journal|process|email_customer|warehouse)$/', $path, $m)) {
            return 'document.' . $m[1];
        }
        if (isset(SettingsSections::fields()[$path])) {
            return $path;
        }
        foreach (array_keys(SettingsSections::rowTables()) as $table) {
            if ($path === $table || strpos($path, $table . '[') === 0) {
                return $table;
            }
        }
        if (!preg_match('/^((?:vat\.rates|payment\.methods|shipping\.methods)\[\d+\])(?:\.(\w+))?$/', $path, $m)) {
            return null;
        }
        $row = $places[$m[1]] ?? null;
        if ($row === null) {
            return null;
        }
        if (strpos($row, 'payment.') === 0) {
            return $row . '.' . (($m[2] ?? '') === 'journal' ? 'journal' : 'exact');
        }
        return $row;
    }

    // ---- Exact options ---------------------------------------------------------------------------------

    /**
     * Choices from one list of GET /api/v1/shop/exact/options (Exact records): trimmed Code => "Code - Description".
     * Inactive records (`"Active": false`) are left out.
     *
     * @param mixed $list
     * @return array<string,string>
     */
    public static function exactChoices($list): array
    {
        $out = [];
        foreach (is_array($list) ? $list : [] as $record) {
            if (!is_array($record) || (array_key_exists('Active', $record) && !$record['Active'])) {
                continue;
            }
            $code = self::code($record['Code'] ?? null);
            if ($code === null || isset($out[$code])) {
                continue;
            }
            $description = is_scalar($record['Description'] ?? null) ? trim((string) $record['Description']) : '';
            $out[$code] = $description !== '' ? $code . ' - ' . $description : $code;
        }
        return $out;
    }

    /**
     * Journals of the given Exact types (all journals when none has a type, so nothing is hidden by mistake).
     *
     * @param mixed $journals
     * @param int[] $types
     * @return array<string,string>
     */
    public static function journalChoices($journals, array $types): array
    {
        $matching = [];
        foreach (is_array($journals) ? $journals : [] as $record) {
            if (is_array($record) && (!isset($record['Type']) || in_array((int) $record['Type'], $types, true))) {
                $matching[] = $record;
            }
        }
        return self::exactChoices($matching);
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /**
     * @param array<string,mixed> $doc
     * @return array<string,mixed>
     */
    private static function section(array $doc, string $name): array
    {
        return isset($doc[$name]) && is_array($doc[$name]) ? $doc[$name] : [];
    }

    /**
     * @param mixed $value
     * @return array<int,mixed>
     */
    private static function listOf($value): array
    {
        return is_array($value) ? array_values($value) : [];
    }

    /**
     * A trimmed Exact code, or null for nothing.
     *
     * @param mixed $value
     */
    public static function code($value): ?string
    {
        if (!is_scalar($value) || is_bool($value)) {
            return null;
        }
        $value = trim((string) $value);
        return $value === '' ? null : $value;
    }

    /**
     * @param mixed $value
     */
    private static function postedCode($value): ?string
    {
        return self::code(sanitize_text_field(is_scalar($value) ? (string) $value : ''));
    }

    /**
     * The tax rate id of a VAT row the form owns: a row by shop rate only (rows by country and percentage
     * are kept as they are).
     *
     * @param mixed $row
     */
    private static function plainRate($row): ?string
    {
        if (!is_array($row) || ($row['country'] ?? null) !== null || ($row['percent'] ?? null) !== null) {
            return null;
        }
        return self::code($row['shop_rate'] ?? null);
    }

    /**
     * @param mixed $row
     */
    private static function rowShop($row): ?string
    {
        return is_array($row) && is_scalar($row['shop'] ?? null) && (string) $row['shop'] !== ''
            ? (string) $row['shop']
            : null;
    }
}
