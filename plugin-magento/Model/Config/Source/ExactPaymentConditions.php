<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Config\Source;

/**
 * Exact's payment conditions (GET /api/v1/shop/exact/options), by code, with an empty choice.
 */
class ExactPaymentConditions extends ExactList
{
    protected const KIND = 'payment';
}
