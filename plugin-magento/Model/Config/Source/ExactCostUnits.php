<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Config\Source;

/**
 * Exact's cost units (GET /api/v1/shop/exact/options), by code, with an empty choice.
 */
class ExactCostUnits extends ExactList
{
    protected const KIND = 'cost_unit';
}
