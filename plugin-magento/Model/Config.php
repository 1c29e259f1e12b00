<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model;

use Magento\Framework\App\Config\ScopeConfigInterface;
use Magento\Framework\Encryption\EncryptorInterface;

/**
 * Typed access to Stores > Configuration > Services > Exact Online (section "exact_sidecar").
 *
 * Every path constant here has a field in etc/adminhtml/system.xml and (where it has a default) a value in
 * etc/config.xml; Test/Unit/Xml/ConfigXmlTest keeps the three in step.
 */
class Config
{
    public const XML_PATH_ENABLED = 'exact_sidecar/connection/enabled';
    public const XML_PATH_SIDECAR_URL = 'exact_sidecar/connection/sidecar_url';
    public const XML_PATH_SHOP_ID = 'exact_sidecar/connection/shop_id';
    public const XML_PATH_SECRET = 'exact_sidecar/connection/secret';
    public const XML_PATH_TRIGGER_STATUSES = 'exact_sidecar/sync/trigger_statuses';
    public const XML_PATH_DOCUMENT_TYPE = 'exact_sidecar/sync/document_type';
    public const XML_PATH_DOCUMENT_JOURNAL = 'exact_sidecar/sync/journal';
    public const XML_PATH_DOCUMENT_PROCESS = 'exact_sidecar/sync/process';
    public const XML_PATH_DOCUMENT_EMAIL = 'exact_sidecar/sync/email_customer';
    public const XML_PATH_DOCUMENT_WAREHOUSE = 'exact_sidecar/sync/warehouse';
    public const XML_PATH_MAP_VAT = 'exact_sidecar/mapping/vat';
    public const XML_PATH_MAP_PAYMENT = 'exact_sidecar/mapping/payment';
    public const XML_PATH_MAP_SHIPPING = 'exact_sidecar/mapping/shipping';
    public const XML_PATH_ALLOWED_STATUSES = 'exact_sidecar/pushback/allowed_statuses';
    public const XML_PATH_BATCH_SIZE = 'exact_sidecar/delivery/batch_size';
    public const XML_PATH_KEEP_DAYS = 'exact_sidecar/delivery/keep_delivered_days';

    /** Settings-section fields with a default (Model\Settings\Sections::DEFAULTS; etc/config.xml holds the same). */
    public const XML_PATH_CUSTOMERS_MODE = 'exact_sidecar/customers/mode';
    public const XML_PATH_CUSTOMERS_MATCH = 'exact_sidecar/customers/match';
    public const XML_PATH_CUSTOMERS_UPDATE_EXISTING = 'exact_sidecar/customers/update_existing';
    public const XML_PATH_CUSTOMERS_NON_CUSTOMER = 'exact_sidecar/customers/non_customer';
    public const XML_PATH_ITEMS_MISSING_SKU = 'exact_sidecar/items/missing_sku';
    public const XML_PATH_REVENUE_HOME_COUNTRY = 'exact_sidecar/revenue/home_country';
    public const XML_PATH_DISCOUNTS_MODE = 'exact_sidecar/discounts/mode';
    public const XML_PATH_FREE_FIELDS_YOUR_REF = 'exact_sidecar/free_fields/your_ref';
    public const XML_PATH_FREE_FIELDS_DESCRIPTION = 'exact_sidecar/free_fields/description';
    public const XML_PATH_FREE_FIELDS_REMARKS = 'exact_sidecar/free_fields/remarks';
    public const XML_PATH_ROUNDING_TOLERANCE = 'exact_sidecar/rounding/tolerance';
    public const XML_PATH_STATUS_BACK_ENABLED = 'exact_sidecar/status_back/enabled';
    public const XML_PATH_STATUS_BACK_POLL_MINUTES = 'exact_sidecar/status_back/poll_minutes';
    public const XML_PATH_REFUNDS_ENABLED = 'exact_sidecar/refunds/enabled';
    public const XML_PATH_REFUNDS_CANCELLED = 'exact_sidecar/refunds/cancelled';

    /** The contract allows at most 100 events per batch. */
    public const MAX_BATCH_SIZE = 100;

    /** @var ScopeConfigInterface */
    private $scopeConfig;

    /** @var EncryptorInterface */
    private $encryptor;

    /**
     * @param ScopeConfigInterface $scopeConfig
     * @param EncryptorInterface $encryptor
     */
    public function __construct(ScopeConfigInterface $scopeConfig, EncryptorInterface $encryptor)
    {
        $this->scopeConfig = $scopeConfig;
        $this->encryptor = $encryptor;
    }

    /**
     * @return bool
     */
    public function isEnabled(): bool
    {
        return $this->scopeConfig->isSetFlag(self::XML_PATH_ENABLED);
    }

    /**
     * The sidecar base URL without a trailing slash, for example "https://sidecar.example.nl".
     *
     * @return string
     */
    public function getSidecarUrl(): string
    {
        return rtrim(trim((string) $this->scopeConfig->getValue(self::XML_PATH_SIDECAR_URL)), '/');
    }

    /**
     * @return string
     */
    public function getShopId(): string
    {
        return trim((string) $this->scopeConfig->getValue(self::XML_PATH_SHOP_ID));
    }

    /**
     * The plain shop secret (stored encrypted by the Encrypted backend model). Never log it.
     *
     * @return string
     */
    public function getSecret(): string
    {
        $stored = (string) $this->scopeConfig->getValue(self::XML_PATH_SECRET);
        if ($stored === '') {
            return '';
        }
        return (string) $this->encryptor->decrypt($stored);
    }

    /**
     * True when URL, shop id and secret are all present.
     *
     * @return bool
     */
    public function isComplete(): bool
    {
        return $this->getSidecarUrl() !== '' && $this->getShopId() !== '' && $this->getSecret() !== '';
    }

    /**
     * @return int between 1 and 100
     */
    public function getBatchSize(): int
    {
        $value = (int) $this->scopeConfig->getValue(self::XML_PATH_BATCH_SIZE);
        if ($value < 1) {
            return 50;
        }
        return min($value, self::MAX_BATCH_SIZE);
    }

    /**
     * Days a delivered outbox row is kept before the clean-up cron deletes it (at least 1).
     *
     * @return int
     */
    public function getKeepDeliveredDays(): int
    {
        $value = (int) $this->scopeConfig->getValue(self::XML_PATH_KEEP_DAYS);
        return $value < 1 ? 7 : $value;
    }

    /**
     * Order statuses the sidecar may set through the pushback route.
     *
     * @return string[]
     */
    public function getAllowedPushbackStatuses(): array
    {
        return $this->splitList((string) $this->scopeConfig->getValue(self::XML_PATH_ALLOWED_STATUSES));
    }

    /**
     * @return string[]
     */
    public function getTriggerStatuses(): array
    {
        return $this->splitList((string) $this->scopeConfig->getValue(self::XML_PATH_TRIGGER_STATUSES));
    }

    /**
     * @return string
     */
    public function getDocumentType(): string
    {
        return trim((string) $this->scopeConfig->getValue(self::XML_PATH_DOCUMENT_TYPE));
    }

    /**
     * Raw stored value of a field: JSON from the dynamic-rows backend model for the XML_PATH_MAP_* fields,
     * the Exact code for journal and warehouse, "1"/"0" for the Yes/No fields.
     *
     * @param string $path one of the XML_PATH_* constants
     * @return string
     */
    public function getRawValue(string $path): string
    {
        return (string) $this->scopeConfig->getValue($path);
    }

    /**
     * @param string $value comma separated (multiselect storage)
     * @return string[]
     */
    private function splitList(string $value): array
    {
        $items = array_map('trim', explode(',', $value));
        return array_values(array_unique(array_filter($items, static function (string $item): bool {
            return $item !== '';
        })));
    }
}
