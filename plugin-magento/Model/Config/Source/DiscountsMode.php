<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Config\Source;

use Magento\Framework\Data\OptionSourceInterface;

/**
 * How discounts are booked. The values are the sidecar's (Model\Settings\Sections::CHOICES).
 */
class DiscountsMode implements OptionSourceInterface
{
    /**
     * @return array<int, array{value: string, label: \Magento\Framework\Phrase}>
     */
    public function toOptionArray()
    {
        return [
            ['value' => 'line', 'label' => __('Inside the line prices')],
            ['value' => 'separate_line', 'label' => __('As a separate discount line per VAT code')],
        ];
    }
}
