<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Config\Source;

use Magento\Framework\Data\OptionSourceInterface;

/**
 * How an order finds its Exact account. The values are the sidecar's (Model\Settings\Sections::CHOICES).
 */
class CustomersMode implements OptionSourceInterface
{
    /**
     * @return array<int, array{value: string, label: \Magento\Framework\Phrase}>
     */
    public function toOptionArray()
    {
        return [
            ['value' => 'match_or_create', 'label' => __('Find the customer in Exact, or create the account')],
            ['value' => 'default_debtor', 'label' => __('Book every order on one account')],
        ];
    }
}
