<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Config\Source;

/**
 * Exact's cost centres (GET /api/v1/shop/exact/options), by code, with an empty choice.
 */
class ExactCostCenters extends ExactList
{
    protected const KIND = 'cost_center';
}
