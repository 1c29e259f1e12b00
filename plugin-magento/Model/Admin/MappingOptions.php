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
    /** Which list of the options document feeds which mapping. */
    public const EXACT_LISTS = [
        'vat' => 'vat_codes',
        'payment' => 'journals',
        'shipping' => 'shipping_methods',
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
     * Exact-side choices, code => label; null when the sidecar cannot give them (the page then shows text
     * inputs, so nothing typed earlier is lost).
     *
     * @param string $kind vat, payment or shipping
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
        $out = [];
        foreach ($list as $item) {
            if (!is_array($item)) {
                continue;
            }
            $code = $item['code'] ?? $item['id'] ?? null;
            if ($code === null || $code === '') {
                continue;
            }
            $label = (string) ($item['description'] ?? $item['name'] ?? $code);
            $out[(string) $code] = $label === (string) $code ? $label : $code . ' – ' . $label;
        }
        return $out;
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
