<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Settings;

use ExactSidecar\Connector\Model\Config;
use ExactSidecar\Connector\Model\Json;

/**
 * Builds the parts of the sidecar's settings document that this configuration page edits, and merges them
 * into the document the sidecar has, so keys edited elsewhere are kept.
 *
 * Keys written: trigger_statuses (always), document_type (when chosen), mappings.vat / payment / shipping
 * as lists of {"shop": <Magento code>, "exact": <Exact code>} (when any row exists).
 */
class SettingsDocument
{
    public const MAPPINGS = [
        'vat' => Config::XML_PATH_MAP_VAT,
        'payment' => Config::XML_PATH_MAP_PAYMENT,
        'shipping' => Config::XML_PATH_MAP_SHIPPING,
    ];

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
        $document = $current;
        $document['trigger_statuses'] = $this->config->getTriggerStatuses();
        $type = $this->config->getDocumentType();
        if ($type !== '') {
            $document['document_type'] = $type;
        } else {
            unset($document['document_type']);
        }
        $mappings = is_array($current['mappings'] ?? null) ? $current['mappings'] : [];
        foreach (self::MAPPINGS as $name => $path) {
            $rows = $this->rows($this->config->getRawValue($path));
            if ($rows !== []) {
                $mappings[$name] = $rows;
            } else {
                unset($mappings[$name]);
            }
        }
        if ($mappings !== []) {
            $document['mappings'] = $mappings;
        } else {
            unset($document['mappings']);
        }
        return $document;
    }

    /**
     * Rows of a dynamic-rows field (stored as JSON {"_id": {"magento": .., "exact": ..}}), blanks skipped.
     *
     * @param string $stored
     * @return array<int, array{shop: string, exact: string}>
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
            $exact = trim((string) ($row['exact'] ?? ''));
            if ($shop !== '' && $exact !== '') {
                $rows[] = ['shop' => $shop, 'exact' => $exact];
            }
        }
        return $rows;
    }
}
