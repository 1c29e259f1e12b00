<?php

namespace ExactSidecar\Admin;

/**
 * Every single-value setting of the sidecar's settings document, grouped the way a bookkeeper thinks, with
 * the kind of control each gets: a choice from one of Exact's lists (GET /api/v1/shop/exact/options), an
 * Exact item code, fixed choices, a tick box, text or a number.
 *
 * The keys are the document's own paths (`revenue.domestic`, `customers.new_account.classification`): the
 * sidecar names a setting by that key when an order fails for want of it, so the page can say where it is
 * (the sidecar's tests check that every key it names is a field here). The mapping tables (VAT rates,
 * payment and shipping methods) and the document section are drawn by SettingsPage itself; rows by country
 * and the rule lists (cost-centre rules, meta fields, status rules) are kept as they come.
 */
final class SettingsSections
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

    /** The form key the section fields post under: exact_sidecar_doc[s][<path>]. */
    public const KEY = 's';

    /**
     * The sidecar's defaults (docs/contract.md) of the fields that have one other than null: shown for a key
     * the document does not have, and not written into it unless changed.
     */
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
     * section => [title, mapping table drawn after the fields (or null), fields]; a field is
     * path => [kind, label, help, list or choices].
     *
     * @return array<string,array{0:string,1:?string,2:array<string,array{0:string,1:string,2:string,3:mixed}>}>
     */
    public static function sections(): array
    {
        $gl = 'gl_accounts';
        return [
            'customers' => [__('Customers', 'exact-sidecar'), null, [
                'customers.mode' => [self::CHOICE, __('Account for an order', 'exact-sidecar'), '', [
                    'match_or_create' => __('Find the customer in Exact, or create the account', 'exact-sidecar'),
                    'default_debtor' => __('Book every order on one account', 'exact-sidecar'),
                ]],
                'customers.default_debtor' => [
                    self::TEXT,
                    __('The one account (Exact account code)', 'exact-sidecar'),
                    __('Only when every order is booked on one account.', 'exact-sidecar'),
                    null,
                ],
                'customers.match' => [self::CHOICE, __('Find the customer by', 'exact-sidecar'), '', [
                    'email' => __('E-mail address', 'exact-sidecar'),
                    'customer_number' => __('Customer number (from an order meta field)', 'exact-sidecar'),
                    'vat_number' => __('VAT number (from an order meta field)', 'exact-sidecar'),
                ]],
                'customers.match_meta_key' => [
                    self::TEXT,
                    __('Order meta field to match on', 'exact-sidecar'),
                    __('Needed when matching by customer or VAT number.', 'exact-sidecar'),
                    null,
                ],
                'customers.update_existing' => [
                    self::FLAG,
                    __('Update found accounts', 'exact-sidecar'),
                    __(
                        'Write the order\'s address and contact details onto an account that already exists.',
                        'exact-sidecar'
                    ),
                    null,
                ],
                'customers.non_customer' => [
                    self::CHOICE,
                    __('An account found that is not a customer yet', 'exact-sidecar'),
                    '',
                    [
                        'make_customer' => __('Make it a customer', 'exact-sidecar'),
                        'new_account' => __('Create a new customer account beside it', 'exact-sidecar'),
                    ],
                ],
                'customers.new_account.classification' => [
                    self::EXACT,
                    __('Classification of new accounts', 'exact-sidecar'),
                    '',
                    'account_classifications',
                ],
                'customers.new_account.payment_condition' => [
                    self::EXACT,
                    __('Payment condition of new accounts', 'exact-sidecar'),
                    '',
                    'payment_conditions',
                ],
            ]],
            'items' => [__('Items', 'exact-sidecar'), null, [
                'items.missing_sku' => [self::CHOICE, __('A SKU that Exact does not know', 'exact-sidecar'), '', [
                    'fail' => __('Stop the order and say so', 'exact-sidecar'),
                    'fallback_item' => __('Book it on the fallback item', 'exact-sidecar'),
                    'create_item' => __('Create the item in Exact', 'exact-sidecar'),
                ]],
                'items.fallback_item' => [self::ITEM, __('Fallback item (Exact item code)', 'exact-sidecar'), '', null],
                'items.item_group' => [
                    self::EXACT,
                    __('Item group of created items', 'exact-sidecar'),
                    '',
                    'item_groups',
                ],
                'items.no_sku_item' => [
                    self::ITEM,
                    __('Item for lines without SKU and fees (Exact item code)', 'exact-sidecar'),
                    '',
                    null,
                ],
            ]],
            'vat' => [__('VAT', 'exact-sidecar'), 'vat', [
                'vat.untaxed' => [
                    self::EXACT,
                    __('VAT code for untaxed lines', 'exact-sidecar'),
                    __('Also used for the rounding line and refunds without VAT detail.', 'exact-sidecar'),
                    'vat_codes',
                ],
                'vat.reverse_charge' => [
                    self::EXACT,
                    __('VAT code for EU business customers (reverse charge)', 'exact-sidecar'),
                    '',
                    'vat_codes',
                ],
                'vat.export' => [
                    self::EXACT,
                    __('VAT code for customers outside the EU (export)', 'exact-sidecar'),
                    '',
                    'vat_codes',
                ],
            ]],
            'revenue' => [__('Revenue', 'exact-sidecar'), null, [
                'revenue.home_country' => [self::COUNTRY, __('Home country (two letters)', 'exact-sidecar'), '', null],
                'revenue.domestic' => [self::EXACT, __('Revenue account, home country', 'exact-sidecar'), '', $gl],
                'revenue.eu' => [self::EXACT, __('Revenue account, other EU countries', 'exact-sidecar'), '', $gl],
                'revenue.outside_eu' => [self::EXACT, __('Revenue account, outside the EU', 'exact-sidecar'), '', $gl],
            ]],
            'shipping' => [__('Shipping', 'exact-sidecar'), 'shipping', [
                'shipping.item' => [
                    self::ITEM,
                    __('Item for shipping costs (Exact item code)', 'exact-sidecar'),
                    '',
                    null,
                ],
                'shipping.gl_account' => [
                    self::EXACT,
                    __('G/L account for shipping costs (sales entries)', 'exact-sidecar'),
                    '',
                    $gl,
                ],
            ]],
            'payment' => [__('Payments', 'exact-sidecar'), 'payment', [
                'payment.default_condition' => [
                    self::EXACT,
                    __('Payment condition when a method is not mapped', 'exact-sidecar'),
                    '',
                    'payment_conditions',
                ],
            ]],
            'discounts' => [__('Discounts', 'exact-sidecar'), null, [
                'discounts.mode' => [self::CHOICE, __('Book discounts', 'exact-sidecar'), '', [
                    'line' => __('Inside the line prices', 'exact-sidecar'),
                    'separate_line' => __('As a separate discount line per VAT code', 'exact-sidecar'),
                ]],
                'discounts.item' => [self::ITEM, __('Discount item (Exact item code)', 'exact-sidecar'), '', null],
                'discounts.gl_account' => [self::EXACT, __('G/L account for discounts', 'exact-sidecar'), '', $gl],
            ]],
            'dimensions' => [__('Cost centres', 'exact-sidecar'), null, [
                'dimensions.cost_center' => [self::EXACT, __('Cost centre', 'exact-sidecar'), '', 'cost_centers'],
                'dimensions.cost_unit' => [self::EXACT, __('Cost unit', 'exact-sidecar'), '', 'cost_units'],
            ]],
            'free_fields' => [__('Free fields', 'exact-sidecar'), null, [
                'free_fields.your_ref' => [
                    self::TEMPLATE,
                    __('Your reference', 'exact-sidecar'),
                    __(
                        'Placeholders: {number}, {id}, {shop_name}, {email}, {company}, {last_name}, {date}.',
                        'exact-sidecar'
                    ),
                    null,
                ],
                'free_fields.description' => [self::TEMPLATE, __('Description', 'exact-sidecar'), '', null],
                'free_fields.remarks' => [self::TEMPLATE, __('Remarks', 'exact-sidecar'), '', null],
            ]],
            'rounding' => [__('Rounding', 'exact-sidecar'), null, [
                'rounding.tolerance' => [
                    self::DECIMAL,
                    __('Largest rounding difference booked', 'exact-sidecar'),
                    __('In the order\'s currency; an order off by more is stopped.', 'exact-sidecar'),
                    null,
                ],
                'rounding.item' => [self::ITEM, __('Rounding item (Exact item code)', 'exact-sidecar'), '', null],
                'rounding.gl_account' => [self::EXACT, __('G/L account for rounding', 'exact-sidecar'), '', $gl],
            ]],
            'pushback' => [__('Status back to the shop', 'exact-sidecar'), null, [
                'pushback.enabled' => [
                    self::FLAG,
                    __('Update the order when Exact says it is paid or delivered', 'exact-sidecar'),
                    '',
                    null,
                ],
                'pushback.poll_minutes' => [
                    self::INTEGER,
                    __('Ask Exact every (minutes)', 'exact-sidecar'),
                    __('Only where Exact cannot send its webhooks to the sidecar.', 'exact-sidecar'),
                    null,
                ],
            ]],
            'refunds' => [__('Refunds', 'exact-sidecar'), null, [
                'refunds.enabled' => [self::FLAG, __('Send refunds as credit notes', 'exact-sidecar'), '', null],
                'refunds.amount_item' => [
                    self::ITEM,
                    __('Item for refunds without lines (Exact item code)', 'exact-sidecar'),
                    '',
                    null,
                ],
                'refunds.amount_gl_account' => [
                    self::EXACT,
                    __('G/L account for refunds without lines (sales entries)', 'exact-sidecar'),
                    '',
                    $gl,
                ],
                'refunds.cancelled' => [self::CHOICE, __('An order cancelled after it was sent', 'exact-sidecar'), '', [
                    'credit' => __('Credit it in full', 'exact-sidecar'),
                    'flag' => __('Leave it to a person (activity log and order note)', 'exact-sidecar'),
                    'ignore' => __('Do nothing', 'exact-sidecar'),
                ]],
            ]],
        ];
    }

    /**
     * The tables of rows by country the page edits: path => [section it is drawn in, title, help, columns];
     * a column is key => [kind (COUNTRY or EXACT), label, Exact list]. Other row lists (cost-centre rules,
     * meta fields, status rules) are kept as they come.
     *
     * @return array<string,array{0:string,1:string,2:string,3:array<string,array{0:string,1:string,2:?string}>}>
     */
    public static function rowTables(): array
    {
        $country = [self::COUNTRY, __('Country', 'exact-sidecar'), null];
        return [
            'customers.new_account.countries' => [
                'customers',
                __('New accounts by the customer\'s country', 'exact-sidecar'),
                __(
                    'Overrides for new accounts of customers in a country; an empty value keeps the general choice.',
                    'exact-sidecar'
                ),
                [
                    'country' => $country,
                    'vat_code' => [self::EXACT, __('VAT code', 'exact-sidecar'), 'vat_codes'],
                    'payment_condition' => [
                        self::EXACT,
                        __('Payment condition', 'exact-sidecar'),
                        'payment_conditions',
                    ],
                    'gl_account' => [self::EXACT, __('G/L account', 'exact-sidecar'), 'gl_accounts'],
                ],
            ],
            'revenue.countries' => [
                'revenue',
                __('Revenue account by destination country', 'exact-sidecar'),
                __('Before the three accounts above: orders delivered to this country.', 'exact-sidecar'),
                [
                    'country' => $country,
                    'gl_account' => [self::EXACT, __('G/L account', 'exact-sidecar'), 'gl_accounts'],
                ],
            ],
        ];
    }

    /** The form key the row tables post under: exact_sidecar_doc[r][<path>][<n>][<column>]. */
    public const ROWS = 'r';

    /**
     * The rows of a table as posted: blank rows dropped, country codes upper-case, empty codes null, keys
     * in the document's order. Null when the form did not post the table.
     *
     * @param mixed $posted
     * @param array<string,array{0:string,1:string,2:?string}> $columns
     * @return array<int,array<string,?string>>|null
     */
    public static function postedRows($posted, array $columns): ?array
    {
        if (!is_array($posted)) {
            return null;
        }
        $rows = [];
        foreach ($posted as $row) {
            if (!is_array($row)) {
                continue;
            }
            $out = [];
            foreach ($columns as $key => [$kind]) {
                $text = trim(sanitize_text_field(is_scalar($row[$key] ?? null) ? (string) $row[$key] : ''));
                $out[$key] = $text === '' ? null : ($kind === self::COUNTRY ? strtoupper($text) : $text);
            }
            $filled = array_filter($out, static function ($v): bool {
                return $v !== null;
            });
            if ($filled !== []) {
                $rows[] = $out;
            }
        }
        return $rows;
    }

    /**
     * Every field: path => [kind, label, help, list or choices].
     *
     * @return array<string,array{0:string,1:string,2:string,3:mixed}>
     */
    public static function fields(): array
    {
        $out = [];
        foreach (self::sections() as [, , $fields]) {
            $out += $fields;
        }
        return $out;
    }

    /**
     * The value at a dotted path of the document (null when absent).
     *
     * @param array<string,mixed> $doc
     * @return mixed
     */
    public static function get(array $doc, string $path)
    {
        $value = $doc;
        foreach (explode('.', $path) as $part) {
            if (!is_array($value) || !array_key_exists($part, $value)) {
                return null;
            }
            $value = $value[$part];
        }
        return $value;
    }

    /**
     * The document with the value at a dotted path set (sections created as needed).
     *
     * @param array<string,mixed> $doc
     * @param mixed $value
     * @return array<string,mixed>
     */
    public static function set(array $doc, string $path, $value): array
    {
        $parts = explode('.', $path);
        $key = array_shift($parts);
        if ($parts === []) {
            $doc[$key] = $value;
            return $doc;
        }
        $inner = isset($doc[$key]) && is_array($doc[$key]) ? $doc[$key] : [];
        $doc[$key] = self::set($inner, implode('.', $parts), $value);
        return $doc;
    }

    /**
     * Whether the document has the key at a dotted path (null or not).
     *
     * @param array<string,mixed> $doc
     */
    public static function has(array $doc, string $path): bool
    {
        $parts = explode('.', $path);
        $last = array_pop($parts);
        $inner = $parts === [] ? $doc : self::get($doc, implode('.', $parts));
        return is_array($inner) && array_key_exists($last, $inner);
    }

    /**
     * The document with one posted field applied. A key the document does not have is only written when
     * the value differs from the default; an empty code becomes null; an empty number is left out (the
     * sidecar's default applies).
     *
     * @param array<string,mixed> $doc
     * @param array{0:string,1:string,2:string,3:mixed} $field
     * @param mixed $value from documentValue()
     * @return array<string,mixed>
     */
    public static function apply(array $doc, string $path, array $field, $value): array
    {
        $present = self::has($doc, $path);
        $default = self::DEFAULTS[$path] ?? null;
        if (!$present && ($value === null || $value === $default)) {
            return $doc;
        }
        if ($value === null && in_array($field[0], [self::INTEGER, self::DECIMAL, self::COUNTRY], true)) {
            return self::without($doc, $path);
        }
        return self::set($doc, $path, $value);
    }

    /**
     * The document without the value at a dotted path (the sidecar then applies its default).
     *
     * @param array<string,mixed> $doc
     * @return array<string,mixed>
     */
    public static function without(array $doc, string $path): array
    {
        $parts = explode('.', $path);
        $key = array_shift($parts);
        if ($parts === []) {
            unset($doc[$key]);
            return $doc;
        }
        if (isset($doc[$key]) && is_array($doc[$key])) {
            $doc[$key] = self::without($doc[$key], implode('.', $parts));
        }
        return $doc;
    }

    /**
     * The form value of a field: what its control shows and posts.
     *
     * @param mixed $value
     */
    public static function formValue(string $kind, $value): string
    {
        if ($kind === self::FLAG) {
            return !empty($value) ? '1' : '';
        }
        if (is_bool($value) || !is_scalar($value)) {
            return '';
        }
        return trim((string) $value);
    }

    /**
     * The document value of a posted field (null: left out, so the sidecar's default applies), or a problem
     * (the value is then left as it was).
     *
     * @param array{0:string,1:string,2:string,3:mixed} $field
     * @param mixed $posted
     * @return array{0:mixed,1:?string} value, problem
     */
    public static function documentValue(array $field, $posted): array
    {
        [$kind, $label, , $choices] = $field;
        if ($kind === self::FLAG) {
            return [!empty($posted), null];
        }
        $text = trim(sanitize_text_field(is_scalar($posted) ? (string) $posted : ''));
        switch ($kind) {
            case self::TEXT:
                return [$text === '' ? null : $text, null];
            case self::TEMPLATE:
                return [$text, null];
            case self::CHOICE:
                if (is_array($choices) && isset($choices[$text])) {
                    return [$text, null];
                }
                /* translators: 1: posted value, 2: field label */
                return [null, sprintf(__('Unknown choice "%1$s" for "%2$s" ignored.', 'exact-sidecar'), $text, $label)];
            case self::COUNTRY:
                return [$text === '' ? null : strtoupper($text), null];
            case self::INTEGER:
                // Anything else goes as typed: the sidecar says beside the field what it needs.
                return [$text === '' ? null : (preg_match('/^-?\d+$/', $text) ? (int) $text : $text), null];
            case self::DECIMAL:
                return [$text === '' ? null : str_replace(',', '.', $text), null];
            default: // EXACT, ITEM: an Exact code
                return [SettingsForm::code($text), null];
        }
    }
}
