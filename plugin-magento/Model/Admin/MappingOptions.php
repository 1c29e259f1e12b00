<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Admin;

use Magento\Framework\Api\SearchCriteriaBuilder;
use Magento\Framework\App\Config\ScopeConfigInterface;
use Magento\Payment\Api\PaymentMethodListInterface;
use Magento\Tax\Api\TaxRateRepositoryInterface;

/**
 * Choices for the mapping dropdowns: Magento's tax rates, payment methods and carriers on the left, the
 * sidecar's Exact reference lists (GET /api/v1/shop/exact/options) on the right.
 */
class MappingOptions
{
    /**
     * Which list of GET /api/v1/shop/exact/options feeds which choice, and for journals which Exact journal types
     * (20 sales, 21 sales returns; 10 cash, 12 bank).
     */
    public const EXACT_LISTS = [
        'vat' => 'vat_codes',
        'payment' => 'payment_conditions',
        'payment_journal' => 'journals',
        'shipping' => 'shipping_methods',
        'journal' => 'journals',
        'warehouse' => 'warehouses',
        'gl_account' => 'gl_accounts',
        'cost_center' => 'cost_centers',
        'cost_unit' => 'cost_units',
        'item_group' => 'item_groups',
        'classification' => 'account_classifications',
    ];

    public const JOURNAL_TYPES = [
        'journal' => [20, 21],
        'payment_journal' => [10, 12],
    ];

    /** @var SidecarAdmin */
    private $admin;

    /** @var TaxRateRepositoryInterface */
    private $taxRates;

    /** @var PaymentMethodListInterface */
    private $paymentMethods;

    /** @var SearchCriteriaBuilder */
    private $criteria;

    /** @var ScopeConfigInterface */
    private $scopeConfig;

    /** @var AdminResult|null */
    private $exact;

    /**
     * @param SidecarAdmin $admin
     * @param TaxRateRepositoryInterface $taxRates
     * @param PaymentMethodListInterface $paymentMethods
     * @param SearchCriteriaBuilder $criteria
     * @param ScopeConfigInterface $scopeConfig
     */
    public function __construct(
        SidecarAdmin $admin,
        TaxRateRepositoryInterface $taxRates,
        PaymentMethodListInterface $paymentMethods,
        SearchCriteriaBuilder $criteria,
        ScopeConfigInterface $scopeConfig
    ) {
        $this->admin = $admin;
        $this->taxRates = $taxRates;
        $this->paymentMethods = $paymentMethods;
        $this->criteria = $criteria;
        $this->scopeConfig = $scopeConfig;
    }

    /**
     * The shop's lists as the sidecar's proposal reads them (POST /api/v1/shop/settings/proposal): tax rates
     * with their country and percentage, payment methods, carriers, and the store's default country.
     *
     * @return array<string, mixed>
     */
    public function proposalLists(): array
    {
        $rates = [];
        foreach ($this->taxRates->getList($this->criteria->create())->getItems() as $rate) {
            $rates[] = [
                'id' => (string) $rate->getCode(),
                'country' => strtoupper((string) $rate->getTaxCountryId()),
                'percent' => (float) $rate->getRate(),
                'name' => (string) $rate->getCode(),
            ];
        }
        $methods = static function (array $list): array {
            $out = [];
            foreach ($list as $code => $label) {
                $out[] = ['id' => (string) $code, 'title' => (string) preg_replace('/ \([^()]*\)$/', '', $label)];
            }
            return $out;
        };
        $lists = [
            'tax_rates' => $rates,
            'payment_methods' => $methods($this->magento('payment')),
            'shipping_methods' => $methods($this->magento('shipping')),
        ];
        $country = strtoupper((string) $this->scopeConfig->getValue('general/country/default'));
        if (preg_match('/^[A-Z]{2}$/', $country)) {
            $lists['home_country'] = $country;
        }
        return $lists;
    }

    /**
     * Magento-side choices, code => label.
     *
     * @param string $kind vat, payment or shipping
     * @return array<string, string>
     */
    public function magento(string $kind): array
    {
        $out = [];
        if ($kind === 'vat') {
            foreach ($this->taxRates->getList($this->criteria->create())->getItems() as $rate) {
                $out[(string) $rate->getCode()] = $rate->getCode() . ' (' . $rate->getRate() . '%)';
            }
        } elseif ($kind === 'payment') {
            foreach ($this->paymentMethods->getList(0) as $method) {
                $out[(string) $method->getCode()] = $method->getTitle() . ' (' . $method->getCode() . ')';
            }
        } elseif ($kind === 'shipping') {
            $carriers = $this->scopeConfig->getValue('carriers');
            foreach (is_array($carriers) ? $carriers : [] as $code => $carrier) {
                $title = is_array($carrier) && isset($carrier['title']) ? (string) $carrier['title'] : (string) $code;
                $out[(string) $code] = $title . ' (' . $code . ')';
            }
        } else {
            throw new \InvalidArgumentException('Unknown mapping "' . $kind . '".');
        }
        asort($out, SORT_NATURAL | SORT_FLAG_CASE);
        return $out;
    }

    /**
     * Exact-side choices, code => "Code – Description"; null when the sidecar cannot give them (the page then
     * shows text inputs, so nothing typed earlier is lost).
     *
     * @param string $kind a key of EXACT_LISTS
     * @return array<string, string>|null
     */
    public function exact(string $kind): ?array
    {
        if (!isset(self::EXACT_LISTS[$kind])) {
            throw new \InvalidArgumentException('Unknown mapping "' . $kind . '".');
        }
        if ($this->exact === null) {
            $this->exact = $this->admin->exactOptions();
        }
        if (!$this->exact->ok) {
            return null;
        }
        $list = $this->exact->data[self::EXACT_LISTS[$kind]] ?? null;
        if (!is_array($list)) {
            return null;
        }
        return self::choices($list, self::JOURNAL_TYPES[$kind] ?? null);
    }

    /**
     * Choices from one list of Exact records ({"ID", "Code", "Description", ...}, Exact's field names): trimmed
     * Code => "Code – Description". Records marked "Active": false are left out; with $types only journals of
     * those types (all of them when no record has a Type, so nothing is hidden by mistake).
     *
     * @param array<mixed> $records
     * @param int[]|null $types
     * @return array<string, string>
     */
    public static function choices(array $records, ?array $types = null): array
    {
        $out = [];
        foreach ($records as $record) {
            if (!is_array($record) || (array_key_exists('Active', $record) && !$record['Active'])) {
                continue;
            }
            if ($types !== null && isset($record['Type']) && !in_array((int) $record['Type'], $types, true)) {
                continue;
            }
            $code = $record['Code'] ?? null;
            $code = is_scalar($code) && !is_bool($code) ? trim((string) $code) : '';
            if ($code === '' || isset($out[$code])) {
                continue;
            }
            $label = is_scalar($record['Description'] ?? null) ? trim((string) $record['Description']) : '';
            $out[$code] = $label === '' || $label === $code ? $code : $code . ' – ' . $label;
        }
        return $out;
    }

    /**
     * Options for a select field: an empty choice, then the Exact choices (only the empty choice when the
     * sidecar cannot give them; the field then keeps its stored code, see SettingsView::withCurrent()).
     *
     * @param string $kind a key of EXACT_LISTS
     * @param string $empty label of the empty choice
     * @return array<int, array{value: string, label: string}>
     */
    public function selectOptions(string $kind, string $empty): array
    {
        $options = [['value' => '', 'label' => $empty]];
        foreach ($this->exact($kind) ?? [] as $code => $label) {
            $options[] = ['value' => (string) $code, 'label' => $label];
        }
        return $options;
    }

    /**
     * Why the Exact choices are missing, for a note under the table.
     *
     * @return string|null
     */
    public function exactProblem(): ?string
    {
        if ($this->exact === null) {
            $this->exact = $this->admin->exactOptions();
        }
        return $this->exact->ok ? null : $this->exact->message;
    }
}
