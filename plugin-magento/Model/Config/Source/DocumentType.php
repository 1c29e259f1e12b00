<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Config\Source;

use Magento\Framework\Data\OptionSourceInterface;

/**
 * What the sidecar creates in Exact for an order.
 */
class DocumentType implements OptionSourceInterface
{
    public const VALUES = ['sales_order', 'sales_invoice', 'direct_invoice', 'sales_entry'];

    /**
     * @return array<int, array{value: string, label: \Magento\Framework\Phrase}>
     */
    public function toOptionArray()
    {
        return [
            ['value' => 'sales_order', 'label' => __('Sales order')],
            ['value' => 'sales_invoice', 'label' => __('Sales invoice')],
            ['value' => 'direct_invoice', 'label' => __('Direct invoice')],
            ['value' => 'sales_entry', 'label' => __('Financial sales entry')],
        ];
    }
}
