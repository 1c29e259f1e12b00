<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Settings;

use ExactSidecar\Connector\Model\Config;
use ExactSidecar\Connector\Model\Json;

/**
 * The parts of the sidecar's settings document (contract version 1) that this configuration page edits:
 * how the document is shown in the page's fields, how the saved fields go back into it, and which field
 * each of the sidecar's field errors belongs to.
 *
 * Keys written (everything else of the document goes back exactly as it came, since a PUT replaces it):
 *   trigger_statuses
 *   document.type, document.journal, document.process, document.email_customer, document.warehouse
 *   vat.rates        rows {"shop_rate": <Magento tax rate code>, "country": null, "percent": null, "exact": <VAT code>}
 *                    (rows by country and percentage are kept as they are)
 *   payment.methods  rows {"shop": <payment method code>, "exact": <payment condition>, "journal": <journal>|null}
 *   shipping.methods rows {"shop": <carrier code>, "exact": <Exact shipping method code>}
 *   every single-value setting of the other sections (Sections::FIELDS)
 * Values that name something in Exact are Exact codes, trimmed; an empty choice is null.
 */
class SettingsDocument
{
    public const MAPPINGS = [
        'vat' => Config::XML_PATH_MAP_VAT,
        'payment' => Config::XML_PATH_MAP_PAYMENT,
        'shipping' => Config::XML_PATH_MAP_SHIPPING,
    ];

    /** document.* key => configuration path of its field. */
    public const DOCUMENT_FIELDS = [
        'type' => Config::XML_PATH_DOCUMENT_TYPE,
        'journal' => Config::XML_PATH_DOCUMENT_JOURNAL,
        'process' => Config::XML_PATH_DOCUMENT_PROCESS,
        'email_customer' => Config::XML_PATH_DOCUMENT_EMAIL,
        'warehouse' => Config::XML_PATH_DOCUMENT_WAREHOUSE,
    ];

    public const DOCUMENT_TYPES = ['sales_order', 'sales_invoice', 'direct_invoice', 'sales_entry'];

    /** @var Config */
    private $config;

    /**
     * @param Config $config
     */
    public function __construct(Config $config)
    {
        $this->config = $config;
    }

    /**
     * @param array<string, mixed> $current the document from GET /api/v1/shop/settings
     * @return array<string, mixed>
     */
    public function merge(array $current): array
    {
        return $this->build($current)[0];
    }

    /**
     * The document to PUT, and where each mapping row of it came from: "vat.rates[2]" => [configuration path,
     * Magento code], so the sidecar's errors about that row can be shown at the right table.
     *
     * @param array<string, mixed> $current
     * @return array{0: array<string, mixed>, 1: array<string, array{0: string, 1: string}>}
     */
    public function build(array $current): array
    {
        $document = $current;
        $places = [];
        $document['trigger_statuses'] = $this->config->getTriggerStatuses();

        $section = is_array($current['document'] ?? null) ? $current['document'] : [];
        $type = $this->config->getDocumentType();
        if (in_array($type, self::DOCUMENT_TYPES, true)) {
            $section['type'] = $type;
        }
        $type = (string) ($section['type'] ?? 'sales_order');
        $section['journal'] = self::code($this->config->getRawValue(Config::XML_PATH_DOCUMENT_JOURNAL));
        // Only sales and direct invoices are processed (and so e-mailed). The page hides both fields for other
        // types, and a value saved earlier must not make the sidecar refuse the document.
        $invoice = in_array($type, ['sales_invoice', 'direct_invoice'], true);
        $section['process'] = $invoice && $this->flag(Config::XML_PATH_DOCUMENT_PROCESS);
        $section['email_customer'] = $invoice && $this->flag(Config::XML_PATH_DOCUMENT_EMAIL);
        $section['warehouse'] = self::code($this->config->getRawValue(Config::XML_PATH_DOCUMENT_WAREHOUSE));
        $document['document'] = $section;

        // VAT: the table holds the rows by tax rate; they take the places of those rows, in order, so rows by
        // country and percentage stay where they were.
        $vat = is_array($current['vat'] ?? null) ? $current['vat'] : [];
        $table = [];
        foreach ($this->rows($this->config->getRawValue(Config::XML_PATH_MAP_VAT)) as $row) {
            $table[] = ['shop_rate' => $row['shop'], 'country' => null, 'percent' => null, 'exact' => $row['exact']];
        }
        $rates = [];
        foreach (self::listOf($vat['rates'] ?? []) as $row) {
            if (self::plainRate($row) === null) {
                $rates[] = $row;
            } elseif ($table !== []) {
                $rates[] = array_shift($table);
            }
        }
        $vat['rates'] = array_merge($rates, $table);
        foreach ($vat['rates'] as $index => $row) {
            $rate = self::plainRate($row);
            if ($rate !== null) {
                $places['vat.rates[' . $index . ']'] = [Config::XML_PATH_MAP_VAT, $rate];
            }
        }
        $document['vat'] = $vat;

        // Payment and shipping: every row names a shop value, so the table is the whole list.
        foreach (['payment', 'shipping'] as $name) {
            $section = is_array($current[$name] ?? null) ? $current[$name] : [];
            $methods = [];
            foreach ($this->rows($this->config->getRawValue(self::MAPPINGS[$name])) as $row) {
                $method = ['shop' => $row['shop'], 'exact' => $row['exact']];
                if ($name === 'payment') {
                    $method['journal'] = $row['journal'];
                }
                $places[$name . '.methods[' . count($methods) . ']'] = [self::MAPPINGS[$name], $row['shop']];
                $methods[] = $method;
            }
            $section['methods'] = $methods;
            $document[$name] = $section;
        }
        $config = $this->config;
        $document = Sections::applyAll($document, static function (string $path) use ($config): string {
            return $config->getRawValue($path);
        });
        return [$document, $places];
    }

    /**
     * The page's field values for a document, as Magento keeps them (multiselect as a list, Yes/No as "1"/"0",
     * dynamic rows as {"_<n>": {"magento", "exact"[, "journal"]}}).
     *
     * @param array<string, mixed> $document
     * @return array<string, mixed> configuration path => value
     */
    public static function fieldValues(array $document): array
    {
        $section = is_array($document['document'] ?? null) ? $document['document'] : [];
        $values = [
            Config::XML_PATH_TRIGGER_STATUSES => array_values(array_map('strval', self::listOf(
                $document['trigger_statuses'] ?? []
            ))),
            Config::XML_PATH_DOCUMENT_TYPE => (string) ($section['type'] ?? 'sales_order'),
            Config::XML_PATH_DOCUMENT_JOURNAL => self::code($section['journal'] ?? null) ?? '',
            Config::XML_PATH_DOCUMENT_PROCESS => !empty($section['process']) ? '1' : '0',
            Config::XML_PATH_DOCUMENT_EMAIL => !empty($section['email_customer']) ? '1' : '0',
            Config::XML_PATH_DOCUMENT_WAREHOUSE => self::code($section['warehouse'] ?? null) ?? '',
        ];
        $rows = [];
        foreach (self::listOf($document['vat']['rates'] ?? []) as $row) {
            $rate = self::plainRate($row);
            $exact = self::code($row['exact'] ?? null);
            if ($rate !== null && $exact !== null) {
                $rows['_' . count($rows)] = ['magento' => $rate, 'exact' => $exact];
            }
        }
        $values[Config::XML_PATH_MAP_VAT] = $rows;
        foreach (['payment', 'shipping'] as $name) {
            $rows = [];
            foreach (self::listOf($document[$name]['methods'] ?? []) as $row) {
                $shop = is_array($row) && is_scalar($row['shop'] ?? null) ? trim((string) $row['shop']) : '';
                $exact = is_array($row) ? self::code($row['exact'] ?? null) : null;
                if ($shop === '' || $exact === null) {
                    continue;
                }
                $rows['_' . count($rows)] = ['magento' => $shop, 'exact' => $exact];
                if ($name === 'payment') {
                    $rows['_' . (count($rows) - 1)]['journal'] = self::code($row['journal'] ?? null) ?? '';
                }
            }
            $values[self::MAPPINGS[$name]] = $rows;
        }
        foreach (Sections::FIELDS as $path => [$configPath]) {
            $values[$configPath] = Sections::fieldValue($document, $path);
        }
        return $values;
    }

    /**
     * Splits the field errors of a 400 answer into those a field of this page shows (configuration path =>
     * problems; a table row's problems start with its Magento code) and the rest (path => problems).
     *
     * @param array<string, string[]> $fieldErrors
     * @param array<string, array{0: string, 1: string}> $places from build()
     * @return array{0: array<string, string[]>, 1: array<string, string[]>}
     */
    public static function placeErrors(array $fieldErrors, array $places): array
    {
        $placed = [];
        $unplaced = [];
        foreach ($fieldErrors as $path => $problems) {
            $path = (string) $path;
            $field = null;
            $prefix = '';
            if (preg_match('/^trigger_statuses(\[\d+\])?$/', $path)) {
                $field = Config::XML_PATH_TRIGGER_STATUSES;
            } elseif ($path === 'document') {
                $field = Config::XML_PATH_DOCUMENT_TYPE;
            } elseif (preg_match('/^document\.(\w+)$/', $path, $m) && isset(self::DOCUMENT_FIELDS[$m[1]])) {
                $field = self::DOCUMENT_FIELDS[$m[1]];
            } elseif (isset(Sections::FIELDS[$path])) {
                $field = Sections::FIELDS[$path][0];
            } elseif (
                preg_match('/^((?:vat\.rates|payment\.methods|shipping\.methods)\[\d+\])(?:\.(\w+))?$/', $path, $m)
                && isset($places[$m[1]])
            ) {
                [$field, $shop] = $places[$m[1]];
                $prefix = $shop . (($m[2] ?? '') === 'journal' ? ' (journal)' : '') . ': ';
            }
            if ($field === null) {
                $unplaced[$path] = $problems;
                continue;
            }
            foreach ($problems as $problem) {
                $placed[$field][] = $prefix . $problem;
            }
        }
        return [$placed, $unplaced];
    }

    /**
     * Rows of a dynamic-rows field (stored as JSON {"_id": {"magento": .., "exact": .., "journal": ..}}), with
     * Exact codes trimmed; rows without a Magento or an Exact value are skipped.
     *
     * @param string $stored
     * @return array<int, array{shop: string, exact: string, journal: string|null}>
     */
    public function rows(string $stored): array
    {
        $decoded = Json::decodeOrNull($stored);
        if (!is_array($decoded)) {
            return [];
        }
        $rows = [];
        foreach ($decoded as $row) {
            if (!is_array($row)) {
                continue;
            }
            $shop = trim((string) ($row['magento'] ?? ''));
            $exact = self::code($row['exact'] ?? null);
            if ($shop !== '' && $exact !== null) {
                $rows[] = ['shop' => $shop, 'exact' => $exact, 'journal' => self::code($row['journal'] ?? null)];
            }
        }
        return $rows;
    }

    /**
     * A trimmed Exact code, or null for nothing (Exact pads some codes with spaces).
     *
     * @param mixed $value
     * @return string|null
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
     * @param string $path
     * @return bool
     */
    private function flag(string $path): bool
    {
        $value = trim($this->config->getRawValue($path));
        return $value !== '' && $value !== '0';
    }

    /**
     * The Magento tax rate code of a VAT row by rate only (null for rows by country and percentage).
     *
     * @param mixed $row
     * @return string|null
     */
    private static function plainRate($row): ?string
    {
        if (!is_array($row) || ($row['country'] ?? null) !== null || ($row['percent'] ?? null) !== null) {
            return null;
        }
        return self::code($row['shop_rate'] ?? null);
    }

    /**
     * @param mixed $value
     * @return array<int, mixed>
     */
    private static function listOf($value): array
    {
        return is_array($value) ? array_values($value) : [];
    }
}
