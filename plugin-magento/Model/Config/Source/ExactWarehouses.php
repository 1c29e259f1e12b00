<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Config\Source;

use ExactSidecar\Connector\Model\Admin\MappingOptions;
use Magento\Framework\Data\OptionSourceInterface;

/**
 * Exact's warehouses (GET /api/v1/shop/exact/options, "warehouses"), by code.
 */
class ExactWarehouses implements OptionSourceInterface
{
    /** @var MappingOptions */
    private $options;

    /**
     * @param MappingOptions $options
     */
    public function __construct(MappingOptions $options)
    {
        $this->options = $options;
    }

    /**
     * @return array<int, array{value: string, label: string}>
     */
    public function toOptionArray()
    {
        return $this->options->selectOptions('warehouse', (string) __('-- Choose a warehouse --'));
    }
}
