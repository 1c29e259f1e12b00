<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Config\Source;

use Magento\Framework\Data\OptionSourceInterface;

/**
 * What an order's customer is found by in Exact. The values are the sidecar's (Model\Settings\Sections::CHOICES).
 */
class CustomersMatch implements OptionSourceInterface
{
    /**
     * @return array<int, array{value: string, label: \Magento\Framework\Phrase}>
     */
    public function toOptionArray()
    {
        return [
            ['value' => 'email', 'label' => __('E-mail address')],
            ['value' => 'customer_number', 'label' => __('Customer number (from an order meta field)')],
            ['value' => 'vat_number', 'label' => __('VAT number (from an order meta field)')],
        ];
    }
}
