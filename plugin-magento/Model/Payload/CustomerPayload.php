<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Payload;

use Magento\Customer\Api\CustomerRepositoryInterface;
use Magento\Framework\Exception\NoSuchEntityException;
use Magento\Framework\Webapi\ServiceOutputProcessor;

/**
 * The customer exactly as GET /rest/V1/customers/{id} returns it, built at delivery time.
 */
class CustomerPayload
{
    /** @var CustomerRepositoryInterface */
    private $customerRepository;

    /** @var ServiceOutputProcessor */
    private $outputProcessor;

    /**
     * @param CustomerRepositoryInterface $customerRepository
     * @param ServiceOutputProcessor $outputProcessor
     */
    public function __construct(
        CustomerRepositoryInterface $customerRepository,
        ServiceOutputProcessor $outputProcessor
    ) {
        $this->customerRepository = $customerRepository;
        $this->outputProcessor = $outputProcessor;
    }

    /**
     * @param int $customerId
     * @return array<string, mixed>
     * @throws EntityGoneException when the customer does not exist
     */
    public function build(int $customerId): array
    {
        try {
            $customer = $this->customerRepository->getById($customerId);
        } catch (NoSuchEntityException $e) {
            throw new EntityGoneException('Customer ' . $customerId . ' no longer exists.', 0, $e);
        }
        $data = $this->outputProcessor->process($customer, CustomerRepositoryInterface::class, 'getById');
        if (!is_array($data)) {
            throw new \UnexpectedValueException('The REST output of customer ' . $customerId . ' is not an object.');
        }
        return $data;
    }
}
