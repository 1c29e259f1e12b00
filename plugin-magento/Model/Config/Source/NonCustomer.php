<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Config\Source;

use Magento\Framework\Data\OptionSourceInterface;

/**
 * What is done with an account found that is not a customer yet.
 * The values are the sidecar's (Model\Settings\Sections::CHOICES).
 */
class NonCustomer implements OptionSourceInterface
{
    /**
     * @return array<int, array{value: string, label: \Magento\Framework\Phrase}>
     */
    public function toOptionArray()
    {
        return [
            ['value' => 'make_customer', 'label' => __('Make it a customer')],
            ['value' => 'new_account', 'label' => __('Create a new customer account beside it')],
        ];
    }
}
