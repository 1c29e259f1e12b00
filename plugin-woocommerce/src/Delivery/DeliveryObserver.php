<?php

namespace ExactSidecar\Delivery;

/**
 * Told about every attempt's result (order meta, order notes, dead-letter list, log).
 */
interface DeliveryObserver
{
    public function delivered(DeliveryResult $result): void;

    public function retrying(DeliveryResult $result): void;

    public function dead(DeliveryResult $result): void;
}
